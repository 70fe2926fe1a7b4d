#include "compute-queue.h"

#include <algorithm>
#include <ns3/simulator.h>

namespace eesim
{

ComputeQueue::ComputeQueue(double capacityGflops, std::unique_ptr<CapacityProcess> process)
    : m_flopsPerSecond(capacityGflops * 1e9)
    , m_process(std::move(process))
{
}

ComputeQueue::ComputeQueue(double capacityGflops)
    : ComputeQueue(capacityGflops, std::make_unique<ConstantCapacity>())
{
}

double
ComputeQueue::FinishTime(double start, std::uint64_t flops)
{
    double t = start;
    double remaining = double(flops);
    while (true)
    {
        const double rate = m_flopsPerSecond * m_process->FactorAt(t);
        const double change = m_process->NextChangeAfter(t);
        if (rate * (change - t) >= remaining)
        {
            return t + remaining / rate;
        }
        remaining -= rate * (change - t);
        t = change;
    }
}

void
ComputeQueue::Submit(std::uint64_t flops, Done done)
{
    const double now = ns3::Simulator::Now().GetSeconds();
    m_process->Forget(now);
    const double start = std::max(now, m_busyUntil);
    const double finish = FinishTime(start, flops);
    const double service = finish - start;
    m_busyUntil = finish;
    m_busySeconds += service;
    ns3::Simulator::Schedule(ns3::Seconds(finish - now),
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

double
ComputeQueue::BacklogSeconds() const
{
    return std::max(0.0, m_busyUntil - ns3::Simulator::Now().GetSeconds());
}

double
ComputeQueue::CurrentFlopsPerSecond()
{
    return m_flopsPerSecond * m_process->FactorAt(ns3::Simulator::Now().GetSeconds());
}

} // namespace eesim
