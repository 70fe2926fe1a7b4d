// An ns-3 abort while a trap is alive: one line naming the context, exit status 2, and the
// caller's last words run first. Each abort happens in a child process (it ends the process).
#include "sim/run/ns3-abort-trap.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <iostream>
#include <ns3/abort.h>
#include <ns3/fatal-error.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace eesim;

namespace
{

struct Ending
{
    int status;         // the exit status, or -1 for a signal
    std::string stderrText;
};

/** Runs `body` in a child process with stderr captured. */
Ending
InChild(const std::function<void()>& body)
{
    int pipeEnds[2];
    REQUIRE(pipe(pipeEnds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0)
    {
        dup2(pipeEnds[1], STDERR_FILENO);
        close(pipeEnds[0]);
        body();
        std::fflush(stderr);
        _exit(0);
    }
    close(pipeEnds[1]);
    std::string text;
    char buffer[4096];
    ssize_t got;
    while ((got = read(pipeEnds[0], buffer, sizeof buffer)) > 0)
    {
        text.append(buffer, std::size_t(got));
    }
    close(pipeEnds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return { WIFEXITED(status) ? WEXITSTATUS(status) : -1, text };
}

} // namespace

TEST_CASE("an ns-3 fatal error under a trap is one line with its message and exit status 2")
{
    const Ending ending = InChild(
        []
        {
            const Ns3AbortTrap trap("s.json", [] { std::fputs("recorded\n", stderr); });
            NS_FATAL_ERROR("Unsupported number of spatial streams!");
        });
    CHECK(ending.status == 2);
    CHECK(ending.stderrText
          == "recorded\neesim: s.json: ns-3 stopped the run at 0 s (simulated): "
             "Unsupported number of spatial streams!\n");
}

TEST_CASE("an ns-3 abort with a condition is trapped the same way")
{
    const Ending ending = InChild(
        []
        {
            const Ns3AbortTrap trap("s.json", nullptr);
            const int width = 80;
            NS_ABORT_MSG_IF(width > 40, "no channel of width " << width);
        });
    CHECK(ending.status == 2);
    CHECK(ending.stderrText
          == "eesim: s.json: ns-3 stopped the run at 0 s (simulated): no channel of width 80\n");
}

TEST_CASE("text written to std::cerr under a trap that ends normally is passed on unchanged")
{
    const Ending ending = InChild(
        []
        {
            {
                const Ns3AbortTrap trap("s.json", nullptr);
                std::cerr << "a warning from ns-3" << std::endl;
            }
            std::cerr << "after" << std::endl;
        });
    CHECK(ending.status == 0);
    CHECK(ending.stderrText == "a warning from ns-3\nafter\n");
}

TEST_CASE("without a trap, an ns-3 abort still ends the process by a signal")
{
    const Ending ending = InChild([] { NS_FATAL_ERROR("untrapped"); });
    CHECK(ending.status == -1);
}

TEST_CASE("the abort message is what ns-3 put in msg=, or the first line it printed")
{
    CHECK(Ns3AbortTrap::AbortMessage(
              "msg=\"a \"quoted\" word\", +1.055850050s 0 file=x.cc, line=3\n")
          == "a \"quoted\" word");
    CHECK(Ns3AbortTrap::AbortMessage("aborted. cond=\"w > 40\", msg=\"too wide\", file=y, line=1\n")
          == "too wide");
    CHECK(Ns3AbortTrap::AbortMessage("\nCould not find match for WifiMode named \"VhtMcs10\".\n"
                                     "Valid options are:\n")
          == "Could not find match for WifiMode named \"VhtMcs10\".");
    CHECK(Ns3AbortTrap::AbortMessage("") == "no message");
}
