#include "compute-queue.h"

#include <algorithm>
#include <ns3/simulator.h>

namespace eesim
{

ComputeQueue::ComputeQueue(double capacityGflops)
    : m_flopsPerSecond(capacityGflops * 1e9)
{
}

void
ComputeQueue::Submit(std::uint64_t flops, Done done)
{
    const double now = ns3::Simulator::Now().GetSeconds();
    const double start = std::max(now, m_busyUntil);
    const double service = double(flops) / m_flopsPerSecond;
    m_busyUntil = start + service;
    m_busySeconds += service;
    ns3::Simulator::Schedule(ns3::Seconds(m_busyUntil - now),
                             [done = std::move(done), wait = start - now, service]
                             { done(wait, service); });
}

double
ComputeQueue::BusySeconds() const
{
    // Work committed beyond now is not yet done.
    const double now = ns3::Simulator::Now().GetSeconds();
    return m_busySeconds - std::max(0.0, m_busyUntil - now);
}

} // namespace eesim

namespace eesim
{

double
ComputeQueue::BacklogSeconds() const
{
    return std::max(0.0, m_busyUntil - ns3::Simulator::Now().GetSeconds());
}

} // namespace eesim
