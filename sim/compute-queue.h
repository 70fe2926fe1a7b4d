#ifndef EESIM_SIM_COMPUTE_QUEUE_H
#define EESIM_SIM_COMPUTE_QUEUE_H

#include "capacity-process.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace eesim
{

/**
 * A node's processor: a FIFO queue served at a capacity that may fluctuate. A task of F FLOPs
 * that starts at t0 ends at the first t with integral_{t0}^{t} capacity(s) ds = F, computed
 * exactly over the piecewise-constant capacity (a change mid-task is honoured). Completion is
 * an ns-3 event.
 */
class ComputeQueue
{
  public:
    /** Called at completion with the time spent waiting and the service time (seconds). */
    using Done = std::function<void(double queueSeconds, double serviceSeconds)>;

    ComputeQueue(double capacityGflops, std::unique_ptr<CapacityProcess> process);
    explicit ComputeQueue(double capacityGflops);

    void Submit(std::uint64_t flops, Done done);
    /** When a task of `flops` starting at `start` would finish (seconds). */
    double FinishTime(double start, std::uint64_t flops);
    /** Seconds of service performed or committed up to now. */
    double BusySeconds() const;
    /** Seconds until the work already queued is done (0 when idle). */
    double BacklogSeconds() const;
    /** Capacity in FLOP/s now. */
    double CurrentFlopsPerSecond();
    /** Service time of a task of `flops` at the current capacity (an estimate when it
     *  fluctuates). */
    double ServiceSeconds(std::uint64_t flops) { return double(flops) / CurrentFlopsPerSecond(); }

  private:
    double m_flopsPerSecond;
    std::unique_ptr<CapacityProcess> m_process;
    double m_busyUntil = 0.0;
    double m_busySeconds = 0.0;
};

} // namespace eesim

#endif
