#ifndef EESIM_SIM_RUN_COST_MODEL_H
#define EESIM_SIM_RUN_COST_MODEL_H

#include "nn/multi-exit-model.h"
#include "sim/run/segment-placement.h"
#include "sim/scenario/scenario.h"

#include <cstdint>
#include <vector>

namespace eesim
{

/**
 * The FLOPs each piece of work is charged in simulated time. The model supplies the numbers
 * (the answers are always the model's), but a scenario may say what the work costs instead:
 * segment_latency_ms (a measured latency, whatever the node), segment_flops, or the model's
 * FLOPs times model_flops_scale to emulate a larger network.
 */
class CostModel
{
  public:
    /** Reads the cost keys, the nodes' nominal capacities and the placement of `scenario`;
     *  keeps a reference to `model`. */
    CostModel(const Scenario& scenario, const MultiExitModel& model);

    /** FLOPs `node` is charged for segment k with its exit head: the segment_latency_ms x the
     *  node's nominal capacity, or its segment_flops, or else the model's FLOPs times
     *  model_flops_scale. */
    std::uint64_t StageFlops(std::size_t segment, int node) const;
    /** Model FLOPs times model_flops_scale: what bottleneck encoders and decoders are charged
     *  (segment_flops and segment_latency_ms cover segments and exit heads only). */
    std::uint64_t ScaledFlops(std::uint64_t modelFlops) const;
    /** A request run through every segment and exit head, and through the bottleneck of
     *  every link the placement crosses: what a request the exit policy never lets leave
     *  early costs. Segments placed on "source" are costed on the first requesting device,
     *  and those on a pool on its first server (the charge depends on the node when segment
     *  latencies are given). */
    std::uint64_t FullExecutionFlops() const;

  private:
    const MultiExitModel& m_model;
    double m_flopsScale;
    std::vector<double> m_segmentFlops;    // per segment, or empty
    std::vector<double> m_segmentLatencyS; // per segment, or empty
    std::vector<double> m_capacityGflops;  // nominal, per node
    SegmentPlacement m_placement;
    int m_firstSource = 0;             // the first node that issues requests
    std::vector<int> m_poolFirstNodes; // per pool
};

} // namespace eesim

#endif
