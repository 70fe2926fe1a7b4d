#ifndef EESIM_SIM_COMPUTE_QUEUE_H
#define EESIM_SIM_COMPUTE_QUEUE_H

#include <cstdint>
#include <functional>

namespace eesim
{

/**
 * A node's processor: a FIFO queue served at a constant capacity. A task of F FLOPs takes
 * F / capacity seconds once it reaches the head of the queue. Completion is an ns-3 event.
 */
class ComputeQueue
{
  public:
    /** Called at completion with the time spent waiting and the service time (seconds). */
    using Done = std::function<void(double queueSeconds, double serviceSeconds)>;

    explicit ComputeQueue(double capacityGflops);

    void Submit(std::uint64_t flops, Done done);
    /** Seconds of service performed or committed up to now. */
    double BusySeconds() const;
    /** Seconds until the work already queued is done (0 when idle). */
    double BacklogSeconds() const;
    /** Service time of a task of `flops` at the current capacity. */
    double ServiceSeconds(std::uint64_t flops) const { return double(flops) / m_flopsPerSecond; }

  private:
    double m_flopsPerSecond;
    double m_busyUntil = 0.0;
    double m_busySeconds = 0.0;
};

} // namespace eesim

#endif
