#include "sim/compute/compute-queue.h"

#include "sim/compute/constant-capacity.h"

#include <algorithm>
#include <limits>
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
    // Beyond the horizon the run is over: no piece of capacity is generated there.
    while (t < m_horizon)
    {
        const double rate = m_flopsPerSecond * m_process->FactorAt(t);
        const double change = m_process->NextChangeAfter(t);
        if (rate * (change - t) >= remaining)
        {
            const double finish = t + remaining / rate;
            return finish <= m_horizon ? finish : std::numeric_limits<double>::infinity();
        }
        remaining -= rate * (change - t);
        t = change;
    }
    return std::numeric_limits<double>::infinity();
}

double
ComputeQueue::ServiceBeforeHorizon(const Task& task) const
{
    return std::min(task.finish, m_horizon) - std::min(task.start, m_horizon);
}

bool
ComputeQueue::Submit(std::uint64_t flops, Done done, std::uint64_t owner)
{
    if (m_limit > 0 && Waiting() >= m_limit)
    {
        ++m_refused;
        return false;
    }
    Enqueue(flops, std::move(done), owner);
    return true;
}

void
ComputeQueue::Enqueue(std::uint64_t flops, Done done, std::uint64_t owner)
{
    const ns3::Time now = ns3::Simulator::Now();
    m_process->Forget(now.GetSeconds());
    // The schedule is committed now: without withdrawals, each task runs exactly when the
    // FIFO order says, and its completion event is in the event list from the start.
    const double start = std::max(now.GetSeconds(), m_busyUntil);
    const double finish = FinishTime(start, flops);
    m_busyUntil = finish;
    m_tasks.push_back({ m_nextSerial++, flops, owner, now, start, finish, {}, std::move(done) });
    m_busySeconds += ServiceBeforeHorizon(m_tasks.back());
    ScheduleCompletion(m_tasks.back());
    m_peakWaiting = std::max(m_peakWaiting, Waiting());
}

void
ComputeQueue::EnableBatching(const BatchingSettings& settings)
{
    // The batches bypass the limit: their items were counted against it as they came.
    m_former = std::make_unique<BatchFormer>(settings, [this](std::uint64_t flops, Done done)
                                             { Enqueue(flops, std::move(done), kNoOwner); });
}

void
ComputeQueue::OnBatchDone(BatchFormer::Done done)
{
    m_former->SetDone(std::move(done));
}

bool
ComputeQueue::SubmitToBatch(std::size_t key, std::uint64_t flops, std::uint64_t owner)
{
    if (m_limit > 0 && Waiting() >= m_limit)
    {
        ++m_refused;
        return false;
    }
    m_former->Add(key, flops, owner);
    m_peakWaiting = std::max(m_peakWaiting, Waiting());
    return true;
}

void
ComputeQueue::ScheduleCompletion(Task& task)
{
    if (!(task.finish <= m_horizon))
    {
        return; // it never completes in this run
    }
    // Measured from the submission, as an offset in seconds, so that a task's completion time
    // does not depend on whether it was ever rescheduled.
    const ns3::Time at
        = task.submittedAt + ns3::Seconds(task.finish - task.submittedAt.GetSeconds());
    task.completion = ns3::Simulator::Schedule(at - ns3::Simulator::Now(), &ComputeQueue::Complete,
                                               this, task.serial);
}

void
ComputeQueue::Complete(std::uint64_t serial)
{
    const auto it = std::find_if(m_tasks.begin(), m_tasks.end(),
                                 [serial](const Task& task) { return task.serial == serial; });
    if (it == m_tasks.end())
    {
        return; // cannot happen: a withdrawn task's event is cancelled
    }
    Task task = std::move(*it);
    m_tasks.erase(it);
    m_freeSince = std::max(m_freeSince, task.finish);
    // `done` may submit the request's next task to this very queue.
    task.done(task.start - task.submittedAt.GetSeconds(), task.finish - task.start);
}

std::size_t
ComputeQueue::Withdraw(std::uint64_t owner)
{
    const double now = ns3::Simulator::Now().GetSeconds();
    std::size_t removed = 0;
    std::size_t first = m_tasks.size();
    for (std::size_t i = 0; i < m_tasks.size();)
    {
        Task& task = m_tasks[i];
        if (task.owner != owner || task.start <= now)
        {
            ++i;
            continue;
        }
        task.completion.Cancel();
        m_busySeconds -= ServiceBeforeHorizon(task);
        m_tasks.erase(m_tasks.begin() + std::ptrdiff_t(i));
        first = std::min(first, i);
        ++removed;
    }
    if (removed > 0)
    {
        Reschedule(first);
    }
    return removed + (m_former ? m_former->Withdraw(owner) : 0);
}

void
ComputeQueue::Reschedule(std::size_t index)
{
    const double now = ns3::Simulator::Now().GetSeconds();
    double free = index > 0 ? m_tasks[index - 1].finish : std::max(m_freeSince, now);
    for (std::size_t i = index; i < m_tasks.size(); ++i)
    {
        Task& task = m_tasks[i];
        task.completion.Cancel();
        m_busySeconds -= ServiceBeforeHorizon(task);
        task.start = std::max({ task.submittedAt.GetSeconds(), free, now });
        task.finish = FinishTime(task.start, task.flops);
        m_busySeconds += ServiceBeforeHorizon(task);
        ScheduleCompletion(task);
        free = task.finish;
    }
    m_busyUntil = m_tasks.empty() ? m_freeSince : m_tasks.back().finish;
}

std::size_t
ComputeQueue::Waiting() const
{
    // Starts never decrease along the queue, so the waiting tasks are its tail.
    const double now = ns3::Simulator::Now().GetSeconds();
    std::size_t started = 0;
    while (started < m_tasks.size() && m_tasks[started].start <= now)
    {
        ++started;
    }
    return m_tasks.size() - started + (m_former ? m_former->Waiting() : 0);
}

double
ComputeQueue::BusySeconds() const
{
    // Work committed beyond now is not yet done.
    const double now = ns3::Simulator::Now().GetSeconds();
    return m_busySeconds - std::max(0.0, std::min(m_busyUntil, m_horizon) - now);
}

double
ComputeQueue::BacklogSeconds() const
{
    const double now = ns3::Simulator::Now().GetSeconds();
    const double batching = m_former ? m_former->WaitingFlops() / m_flopsPerSecond : 0.0;
    return std::max(0.0, std::min(std::max(m_busyUntil, now) + batching, m_horizon) - now);
}

double
ComputeQueue::CurrentFlopsPerSecond()
{
    const double now = ns3::Simulator::Now().GetSeconds();
    m_process->Forget(now); // no query goes back before now
    return m_flopsPerSecond * m_process->FactorAt(now);
}

} // namespace eesim
