#ifndef EESIM_SIM_RUN_NS3_ABORT_TRAP_H
#define EESIM_SIM_RUN_NS3_ABORT_TRAP_H

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

namespace eesim
{

/**
 * Turns an ns-3 abort into eesim's one-line error. ns-3 stops on a setting it cannot simulate
 * (NS_FATAL_ERROR, NS_ABORT_MSG, NS_ASSERT) by printing a few lines to std::cerr and calling
 * std::terminate, which would end eesim with SIGABRT and a message in ns-3's own words. While a
 * trap is alive, std::cerr is held back (and passed on unchanged when the trap ends normally), and
 * std::terminate without an exception prints
 *
 *     eesim: CONTEXT: ns-3 stopped the run at T s (simulated): MESSAGE
 *
 * and exits with status 2 -- bad input, as the validator would have answered had it known -- after
 * calling `beforeExit` (the command line records the run folder's files there). One trap at a
 * time; the validator should catch everything first, and this is the net below it.
 */
class Ns3AbortTrap
{
  public:
    Ns3AbortTrap(std::string context, std::function<void()> beforeExit);
    ~Ns3AbortTrap();
    Ns3AbortTrap(const Ns3AbortTrap&) = delete;
    Ns3AbortTrap& operator=(const Ns3AbortTrap&) = delete;

    /** The message of ns-3's abort text: what stands in msg="...", or else its first line. */
    static std::string AbortMessage(const std::string& printed);

  private:
    class HeldStream;

    static void OnTerminate();

    std::string m_context;
    std::function<void()> m_beforeExit;
    std::unique_ptr<HeldStream> m_held;
    std::streambuf* m_cerr;
    void (*m_previousTerminate)();
};

} // namespace eesim

#endif
