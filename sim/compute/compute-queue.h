#ifndef EESIM_SIM_COMPUTE_COMPUTE_QUEUE_H
#define EESIM_SIM_COMPUTE_COMPUTE_QUEUE_H

#include "sim/compute/batch-former.h"
#include "sim/compute/capacity-process.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <ns3/event-id.h>
#include <ns3/nstime.h>

namespace eesim
{

/**
 * A node's processor: a FIFO queue served at a capacity that may fluctuate. A task of F FLOPs
 * that starts at t0 ends at the first t with integral_{t0}^{t} capacity(s) ds = F, computed
 * exactly over the piecewise-constant capacity (a change mid-task is honoured). Completion is
 * an ns-3 event, scheduled when the task is submitted.
 *
 * A horizon (the run's time limit) bounds the integration: a task that would end after it never
 * completes (no event is scheduled; its finish is infinity), and the capacity is never generated
 * past it, whatever the task's size or the capacity.
 *
 * The queue may be capped: with a limit, a task that finds that many tasks waiting (the one in
 * service does not count) is refused. Tasks that have not started can be withdrawn by their
 * owner; the tasks behind them move up.
 *
 * A node that batches (EnableBatching) takes work through SubmitToBatch into its BatchFormer,
 * which hands the queue one task per batch; the former's waiting items count as waiting tasks
 * (for the limit, Waiting and the backlog) and are withdrawn with the owner's other tasks.
 */
class ComputeQueue
{
  public:
    /** Called at completion with the time spent waiting and the service time (seconds). */
    using Done = std::function<void(double queueSeconds, double serviceSeconds)>;
    static constexpr std::uint64_t kNoOwner = std::numeric_limits<std::uint64_t>::max();

    ComputeQueue(double capacityGflops, std::unique_ptr<CapacityProcess> process);
    explicit ComputeQueue(double capacityGflops);

    /** At most `limit` tasks may wait; 0 = no limit. */
    void SetLimit(std::size_t limit) { m_limit = limit; }
    /** Tasks that would end after `seconds` never complete (set before the first Submit). */
    void SetHorizon(double seconds) { m_horizon = seconds; }
    /** Queues a task for `owner`; false, and `done` is never called, when the queue is full. */
    bool Submit(std::uint64_t flops, Done done, std::uint64_t owner = kNoOwner);

    /** Work of the same key submitted through SubmitToBatch runs in batches (see BatchFormer);
     *  call before the first Submit, then OnBatchDone. */
    void EnableBatching(const BatchingSettings& settings);
    bool Batches() const { return m_former != nullptr; }
    /** Who runs a batch when its service ends (batching queues only). */
    void OnBatchDone(BatchFormer::Done done);
    /** Queues an item of work of kind `key` for the next batch of that kind; false when the
     *  queue is full (batching queues only). */
    bool SubmitToBatch(std::size_t key, std::uint64_t flops, std::uint64_t owner);
    /** The batch former of a batching queue, or null. */
    const BatchFormer* Former() const { return m_former.get(); }
    /** Removes `owner`'s tasks that have not started (their `done` is never called), and its
     *  items waiting for a batch; returns how many. A task in service runs to its end. */
    std::size_t Withdraw(std::uint64_t owner);
    /** Tasks submitted that have not started (with items waiting for a batch). */
    std::size_t Waiting() const;
    /** The most tasks that were ever waiting at once. */
    std::size_t PeakWaiting() const { return m_peakWaiting; }
    /** Tasks refused because the queue was full. */
    std::uint64_t Refused() const { return m_refused; }

    /** When a task of `flops` starting at `start` would finish (seconds); infinity when that
     *  is after the horizon. */
    double FinishTime(double start, std::uint64_t flops);
    /** Seconds of service performed or committed up to now. */
    double BusySeconds() const;
    /** Seconds until the work already queued is done (0 when idle), or until the horizon
     *  when it is not done by then; items waiting for a batch are counted at the nominal
     *  capacity, batched as they would be now. */
    double BacklogSeconds() const;
    /** Capacity in FLOP/s now. */
    double CurrentFlopsPerSecond();
    /** Service time of a task of `flops` at the current capacity (an estimate when it
     *  fluctuates). */
    double ServiceSeconds(std::uint64_t flops) { return double(flops) / CurrentFlopsPerSecond(); }

  private:
    struct Task
    {
        std::uint64_t serial; // names the task to its completion event
        std::uint64_t flops;
        std::uint64_t owner;
        ns3::Time submittedAt;
        double start;
        double finish;
        ns3::EventId completion;
        Done done;
    };

    /** Queues a task whatever the limit. */
    void Enqueue(std::uint64_t flops, Done done, std::uint64_t owner);
    /** Schedules `task`'s completion event at its finish time. */
    void ScheduleCompletion(Task& task);
    /** The completion event of task `serial` (the head of the queue). */
    void Complete(std::uint64_t serial);
    /** Recomputes start and finish of the tasks from `index` on, after a withdrawal. */
    void Reschedule(std::size_t index);
    /** The part of `task`'s service that falls before the horizon (seconds). */
    double ServiceBeforeHorizon(const Task& task) const;

    double m_flopsPerSecond;
    std::unique_ptr<CapacityProcess> m_process;
    double m_horizon = std::numeric_limits<double>::infinity();
    double m_busyUntil = 0.0;   // when the last task submitted ends
    double m_busySeconds = 0.0; // service performed or committed
    double m_freeSince = 0.0;   // when the last completed task ended
    std::deque<Task> m_tasks;   // submitted and not completed, in order of service
    std::uint64_t m_nextSerial = 0;
    std::unique_ptr<BatchFormer> m_former; // batching nodes only
    std::size_t m_limit = 0;
    std::size_t m_peakWaiting = 0;
    std::uint64_t m_refused = 0;
};

} // namespace eesim

#endif
