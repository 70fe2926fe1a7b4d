#ifndef EESIM_SIM_RUN_LINK_ESTIMATOR_H
#define EESIM_SIM_RUN_LINK_ESTIMATOR_H

#include "channel/feature-codec.h"
#include "nn/multi-exit-model.h"
#include "sim/compute/compute-queue.h"
#include "sim/run/cost-model.h"
#include "sim/topology/link-channels.h"

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * What a node can tell of the time ahead of a request: each link's goodput as measured on the
 * feature messages that crossed it, and from that (with the queues' backlog and the cost
 * model) how long until the next exit would answer. Deadline-aware exit policies read it.
 */
class LinkEstimator
{
  public:
    /** `compute` is every node's queue by node index; `channels` says which links carry
     *  symbols and at what rate, `encoding` how the other links' messages carry features. All
     *  references must outlive the estimator. */
    LinkEstimator(const MultiExitModel& model, const CostModel& costs,
                  std::vector<ComputeQueue>& compute, const LinkChannels& channels,
                  FeatureEncoding encoding);

    /** Estimated seconds to move `bytes` from one node to another: bytes / the link's goodput
     *  as measured on earlier feature messages (an exponentially weighted average), or an
     *  optimistic 100 Mb/s before the first measurement. */
    double TransferSecondsEstimate(int from, int to, std::uint64_t bytes) const;
    /** Feeds a completed feature transfer into the link's goodput estimate. */
    void ObserveTransfer(int from, int to, std::uint64_t bytes, double seconds);
    /** Estimated seconds until `segment`'s exit answers if a request continues from `node` on
     *  node `next`: the next node's backlog and service, and when `next` is another node the
     *  transfer and the bottleneck's encoder and decoder. */
    double NextExitSecondsEstimate(int node, int next, std::size_t segment);

  private:
    const MultiExitModel& m_model;
    const CostModel& m_costs;
    std::vector<ComputeQueue>& m_compute;
    const LinkChannels& m_channels;
    FeatureEncoding m_encoding;
    std::map<std::pair<int, int>, double> m_goodput; // bytes per second, per (from, to)
};

} // namespace eesim

#endif
