#include "interrupt-watch.h"

#include <csignal>
#include <ns3/simulator.h>

namespace eesim
{

namespace
{

volatile std::sig_atomic_t g_signal = 0;

extern "C" void
RecordSignal(int signal)
{
    g_signal = signal;
}

struct sigaction g_previousInt;
struct sigaction g_previousTerm;

} // namespace

InterruptWatch::InterruptWatch()
{
    g_signal = 0;
    struct sigaction action = {};
    action.sa_handler = RecordSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &g_previousInt);
    sigaction(SIGTERM, &action, &g_previousTerm);
}

InterruptWatch::~InterruptWatch()
{
    sigaction(SIGINT, &g_previousInt, nullptr);
    sigaction(SIGTERM, &g_previousTerm, nullptr);
}

bool
InterruptWatch::Requested()
{
    return g_signal != 0;
}

int
InterruptWatch::Signal()
{
    return int(g_signal);
}

void
InterruptWatch::PollDuringSimulation()
{
    if (Requested())
    {
        ns3::Simulator::Stop();
        return;
    }
    ns3::Simulator::Schedule(ns3::MilliSeconds(10), &InterruptWatch::PollDuringSimulation);
}

} // namespace eesim
