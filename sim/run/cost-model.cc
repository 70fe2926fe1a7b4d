#include "sim/run/cost-model.h"

#include <cmath>

namespace eesim
{

CostModel::CostModel(const Scenario& scenario, const MultiExitModel& model)
    : m_model(model)
    , m_flopsScale(scenario.flopsScale)
    , m_segmentFlops(scenario.segmentFlops)
    , m_segmentLatencyS(scenario.segmentLatencyS)
    , m_placement(scenario.placement)
{
    for (const NodeConfig& node : scenario.nodes)
    {
        m_capacityGflops.push_back(node.capacityGflops);
    }
    for (const ServerPool& pool : scenario.pools)
    {
        m_poolFirstNodes.push_back(pool.nodes.at(0));
    }
    while (std::size_t(m_firstSource) < scenario.nodes.size()
           && (scenario.nodes[std::size_t(m_firstSource)].isServer
               || !scenario.nodes[std::size_t(m_firstSource)].issuesRequests))
    {
        ++m_firstSource;
    }
}

std::uint64_t
CostModel::StageFlops(std::size_t segment, int node) const
{
    if (!m_segmentLatencyS.empty())
    {
        const double capacity = m_capacityGflops[std::size_t(node)] * 1e9;
        return std::uint64_t(std::llround(m_segmentLatencyS[segment] * capacity));
    }
    if (!m_segmentFlops.empty())
    {
        return std::uint64_t(std::llround(m_segmentFlops[segment]));
    }
    return ScaledFlops(m_model.SegmentFlops(segment) + m_model.ExitFlops(segment));
}

std::uint64_t
CostModel::ScaledFlops(std::uint64_t modelFlops) const
{
    return std::uint64_t(std::llround(double(modelFlops) * m_flopsScale));
}

std::uint64_t
CostModel::FullExecutionFlops() const
{
    std::uint64_t flops = 0;
    for (std::size_t k = 0; k < m_model.SegmentCount(); ++k)
    {
        // A pool's segments are costed on its first server.
        const int pool = m_placement.PoolAt(k);
        flops += StageFlops(k, pool >= 0 ? m_poolFirstNodes[std::size_t(pool)]
                                         : m_placement.NodeFor(m_firstSource, k));
        if (k > 0 && m_placement.Entry(k) != m_placement.Entry(k - 1))
        {
            flops += ScaledFlops(m_model.EncoderFlops(k - 1) + m_model.DecoderFlops(k - 1));
        }
    }
    return flops;
}

} // namespace eesim
