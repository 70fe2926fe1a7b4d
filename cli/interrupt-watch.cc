#include "cli/interrupt-watch.h"

#include <csignal>

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

} // namespace eesim
