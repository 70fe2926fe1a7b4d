#ifndef EESIM_SIM_INTERRUPT_WATCH_H
#define EESIM_SIM_INTERRUPT_WATCH_H

namespace eesim
{

/**
 * Turns SIGINT and SIGTERM into a request to stop: while a watch exists the signals only set a
 * flag, which the simulation polls (every 10 ms of simulated time) to stop cleanly and write
 * what it has, marked as interrupted. The previous handlers come back when the watch ends.
 */
class InterruptWatch
{
  public:
    InterruptWatch();
    ~InterruptWatch();
    InterruptWatch(const InterruptWatch&) = delete;
    InterruptWatch& operator=(const InterruptWatch&) = delete;

    static bool Requested();
    /** The signal that asked to stop (0 when none). */
    static int Signal();
    /** Checks the flag now and every 10 ms of simulated time; stops the simulator when set. */
    static void PollDuringSimulation();
};

} // namespace eesim

#endif
