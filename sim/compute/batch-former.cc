#include "sim/compute/batch-former.h"

#include <algorithm>
#include <cmath>
#include <ns3/simulator.h>

namespace eesim
{

namespace
{

double
Now()
{
    return ns3::Simulator::Now().GetSeconds();
}

} // namespace

BatchFormer::BatchFormer(const BatchingSettings& settings, Dispatch dispatch)
    : m_settings(settings)
    , m_dispatch(std::move(dispatch))
{
}

void
BatchFormer::Add(std::size_t key, std::uint64_t flops, std::uint64_t owner)
{
    m_waiting.push_back({ key, owner, flops, Now() });
    TryDispatch();
}

std::size_t
BatchFormer::Withdraw(std::uint64_t owner)
{
    const std::size_t before = m_waiting.size();
    m_waiting.erase(std::remove_if(m_waiting.begin(), m_waiting.end(),
                                   [owner](const Item& item) { return item.owner == owner; }),
                    m_waiting.end());
    if (m_waiting.size() != before)
    {
        // The oldest item may have gone, and with it the time the next batch waits for.
        m_wakeUp.Cancel();
        TryDispatch();
    }
    return before - m_waiting.size();
}

std::vector<std::size_t>
BatchFormer::NextBatch() const
{
    std::vector<std::size_t> members;
    const std::size_t key = m_waiting.front().key;
    for (std::size_t i = 0; i < m_waiting.size() && int(members.size()) < m_settings.maxBatch; ++i)
    {
        if (m_waiting[i].key == key)
        {
            members.push_back(i);
        }
    }
    return members;
}

void
BatchFormer::TryDispatch()
{
    if (m_busy || m_waiting.empty())
    {
        return;
    }
    const std::vector<std::size_t> members = NextBatch();
    const double readyAt = m_waiting.front().arrivedAt + m_settings.maxWaitSeconds;
    // Within a nanosecond counts as reached: ns-3 keeps time in whole nanoseconds.
    if (int(members.size()) < m_settings.maxBatch && readyAt - Now() >= 1e-9)
    {
        if (!m_wakeUp.IsRunning())
        {
            m_wakeUp = ns3::Simulator::Schedule(ns3::Seconds(readyAt - Now()),
                                                &BatchFormer::TryDispatch, this);
        }
        return;
    }
    m_wakeUp.Cancel();
    StartBatch(members);
}

double
BatchFormer::BatchFlops(double flops, int count) const
{
    return flops * m_settings.cost.RelativeCost(count) / double(count);
}

void
BatchFormer::StartBatch(const std::vector<std::size_t>& members)
{
    std::vector<Item> batch;
    double flops = 0.0;
    for (auto it = members.rbegin(); it != members.rend(); ++it)
    {
        batch.insert(batch.begin(), m_waiting[*it]);
        m_waiting.erase(m_waiting.begin() + std::ptrdiff_t(*it));
    }
    for (const Item& item : batch)
    {
        flops += double(item.flops);
        m_delaySum += Now() - item.arrivedAt;
    }
    m_itemsDispatched += batch.size();
    ++m_batchSizes[int(batch.size())];
    m_busy = true;
    // Clamped to what the integer holds (a task that large never ends in a run anyway).
    const double batchFlops = std::clamp(BatchFlops(flops, int(batch.size())), 1.0, 9e18);
    const auto taskFlops = std::uint64_t(std::llround(batchFlops));
    m_dispatch(taskFlops,
               [this, batch = std::move(batch)](double /*queue*/, double service)
               {
                   // Work this batch's results bring to this node joins the next batch.
                   m_done(batch.front().key, batch, Now() - service, service);
                   m_busy = false;
                   TryDispatch();
               });
}

double
BatchFormer::WaitingFlops() const
{
    std::map<std::size_t, std::pair<double, int>> byKey; // summed FLOPs and count
    for (const Item& item : m_waiting)
    {
        auto& [flops, count] = byKey[item.key];
        flops += double(item.flops);
        ++count;
    }
    double total = 0.0;
    for (const auto& [key, sum] : byKey)
    {
        const auto& [flops, count] = sum;
        const int full = count / m_settings.maxBatch;
        const int rest = count % m_settings.maxBatch;
        const double perItem = flops / count;
        total += full * BatchFlops(perItem * m_settings.maxBatch, m_settings.maxBatch)
                 + (rest > 0 ? BatchFlops(perItem * rest, rest) : 0.0);
    }
    return total;
}

double
BatchFormer::MeanBatchingDelaySeconds() const
{
    return m_itemsDispatched == 0 ? 0.0 : m_delaySum / double(m_itemsDispatched);
}

} // namespace eesim
