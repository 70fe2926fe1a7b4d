#ifndef EESIM_CLI_INTERRUPT_WATCH_H
#define EESIM_CLI_INTERRUPT_WATCH_H

namespace eesim
{

/**
 * Turns SIGINT and SIGTERM into a request to stop: while a watch exists the signals only set a
 * flag, which the command hands to the simulation as its stop request (RunHooks), so a run stops
 * cleanly and writes what it has, marked as interrupted. The previous handlers come back when the
 * watch ends.
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
};

} // namespace eesim

#endif
