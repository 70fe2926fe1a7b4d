#ifndef EESIM_POLICIES_FEATURE_DIFFERENCE_EXIT_H
#define EESIM_POLICIES_FEATURE_DIFFERENCE_EXIT_H

#include "policies/exit-policy.h"

namespace eesim
{

/**
 * `feature-difference` (DistrEE-style, our reading): exit at branch k >= 1 when the total
 * variation distance between branch k's and branch k-1's predictive distributions,
 * TV(p, q) = 1/2 sum_c |p_c - q_c| (0 = identical, 1 = disjoint), is at or below the exit's
 * threshold: when going deeper has stopped changing the answer. Exit 0 has nothing to compare
 * with and never exits.
 */
class FeatureDifferenceExit : public ExitPolicy
{
  public:
    explicit FeatureDifferenceExit(PerExitThreshold threshold)
        : m_threshold(std::move(threshold))
    {
    }
    bool ShouldExit(const ExitObservation& o) const override;

    static double TotalVariation(const std::vector<double>& p, const std::vector<double>& q);

  private:
    PerExitThreshold m_threshold;
};

} // namespace eesim

#endif
