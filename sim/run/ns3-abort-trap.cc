#include "sim/run/ns3-abort-trap.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <ns3/simulator.h>
#include <sstream>
#include <streambuf>

namespace eesim
{

namespace
{

Ns3AbortTrap* g_trap = nullptr;

} // namespace

/** std::cerr's text while a trap is alive; beyond 64 KiB the oldest half is passed on, so
 *  chatty ns-3 warnings cannot grow it without bound. */
class Ns3AbortTrap::HeldStream : public std::stringbuf
{
  public:
    explicit HeldStream(std::streambuf* destination)
        : m_destination(destination)
    {
    }

    /** Passes the held text on and empties it. */
    void Release()
    {
        const std::string text = str();
        m_destination->sputn(text.data(), std::streamsize(text.size()));
        m_destination->pubsync();
        str(std::string());
    }

  protected:
    int sync() override
    {
        static constexpr std::size_t kLimit = 64 * 1024;
        const std::string text = str();
        if (text.size() > kLimit)
        {
            m_destination->sputn(text.data(), std::streamsize(text.size() / 2));
            str(text.substr(text.size() / 2));
            seekoff(0, std::ios_base::end, std::ios_base::out);
        }
        return 0;
    }

  private:
    std::streambuf* m_destination;
};

Ns3AbortTrap::Ns3AbortTrap(std::string context, std::function<void()> beforeExit)
    : m_context(std::move(context))
    , m_beforeExit(std::move(beforeExit))
    , m_held(std::make_unique<HeldStream>(std::cerr.rdbuf()))
    , m_cerr(std::cerr.rdbuf(m_held.get()))
    , m_previousTerminate(std::set_terminate(&Ns3AbortTrap::OnTerminate))
{
    g_trap = this;
}

Ns3AbortTrap::~Ns3AbortTrap()
{
    g_trap = nullptr;
    std::set_terminate(m_previousTerminate);
    std::cerr.rdbuf(m_cerr);
    m_held->Release();
}

std::string
Ns3AbortTrap::AbortMessage(const std::string& printed)
{
    const std::size_t start = printed.find("msg=\"");
    const std::size_t file = printed.find("file=", start == std::string::npos ? 0 : start);
    if (start != std::string::npos && file != std::string::npos)
    {
        const std::size_t end = printed.rfind("\", ", file);
        if (end != std::string::npos && end > start)
        {
            return printed.substr(start + 5, end - start - 5);
        }
    }
    std::istringstream lines(printed);
    std::string line;
    while (std::getline(lines, line))
    {
        if (line.find_first_not_of(" \t") != std::string::npos)
        {
            return line.substr(0, 300);
        }
    }
    return "no message";
}

void
Ns3AbortTrap::OnTerminate()
{
    Ns3AbortTrap* trap = g_trap;
    if (trap == nullptr || std::current_exception())
    {
        // Not ns-3's abort (an exception escaped somewhere): the usual way out, with its message.
        if (trap != nullptr)
        {
            std::cerr.rdbuf(trap->m_cerr);
            trap->m_held->Release();
        }
        std::abort();
    }
    g_trap = nullptr;
    std::cerr.rdbuf(trap->m_cerr);
    std::string message = AbortMessage(trap->m_held->str());
    for (char& c : message)
    {
        c = c == '\n' ? ' ' : c;
    }
    if (trap->m_beforeExit)
    {
        trap->m_beforeExit();
    }
    std::fprintf(stderr, "eesim: %s: ns-3 stopped the run at %.6g s (simulated): %s\n",
                 trap->m_context.c_str(), ns3::Simulator::Now().GetSeconds(), message.c_str());
    std::fflush(stderr);
    std::_Exit(2);
}

} // namespace eesim
