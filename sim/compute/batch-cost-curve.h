#ifndef EESIM_SIM_COMPUTE_BATCH_COST_CURVE_H
#define EESIM_SIM_COMPUTE_BATCH_COST_CURVE_H

#include <string>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * What a batch of B samples costs a processor, in units of one sample's cost: 1 for B = 1, and
 * B for a processor that gains nothing from batching. A processor whose batch-1 pass leaves its
 * parallel units idle (a GPU's kernel launches, memory-bound layers) does B samples for much
 * less than B times the cost of one.
 *
 * Given as measured points (batch size, relative cost), read by linear interpolation between
 * them and extended beyond the last along its last segment, or as a fixed overhead: a batch
 * costs `overhead + (1 - overhead) B` (the `a + b B` of a device with no measurement).
 */
class BatchCostCurve
{
  public:
    /** No gain from batching: a batch of B costs B. */
    BatchCostCurve() = default;
    /** A batch of B costs overhead + (1 - overhead) B; overhead in [0, 1). */
    static BatchCostCurve Affine(double overhead);
    /** Points (batch size, relative cost), batch sizes increasing from 1 whose cost is 1. */
    static BatchCostCurve FromPoints(std::vector<std::pair<int, double>> points);
    /** One entry per batch size: entry b is the cost of a batch of b + 1 (the first is 1). */
    static BatchCostCurve FromTable(const std::vector<double>& costs);

    /** What is wrong with `points` as a curve ("" when nothing): the first must be batch 1
     *  at cost 1, the sizes increase and the costs never decrease. */
    static std::string Problem(const std::vector<std::pair<int, double>>& points);
    /** The same of a table (FromTable). */
    static std::string TableProblem(const std::vector<double>& costs);

    /** The cost of a batch of `batch` samples, in single-sample costs (1 for one sample). */
    double RelativeCost(int batch) const;

  private:
    std::vector<std::pair<int, double>> m_points; // empty: B
};

} // namespace eesim

#endif
