#ifndef EESIM_SIM_SIMULATION_H
#define EESIM_SIM_SIMULATION_H

#include "sim/scenario/scenario.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace eesim
{

/**
 * How a caller follows and steers a run without the core knowing who it is (the command line's
 * progress bar and signal handling, a test, a benchmark). Both may be left empty.
 */
struct RunHooks
{
    /** Called each time a request ends: requests ended so far, and the most expected. */
    std::function<void(std::uint64_t ended, std::uint64_t expected)> progress;
    /** Polled every 10 ms of simulated time; true stops the run, which is then written and
     *  marked "interrupted". */
    std::function<bool()> stopRequested;
    /** Called when ns-3 aborts the run (a setting it cannot simulate) just before eesim prints
     *  one line and exits with status 2: the last chance to record what the run wrote. */
    std::function<void()> beforeAbort;
};

/**
 * One run of a scenario: builds the ns-3 network, installs a stage worker on every node and a
 * request source on every device, runs until every request is answered (or the time limit),
 * and writes requests.csv and summary.json into `outputFolder`. Returns the summary.
 */
nlohmann::json RunSimulation(const Scenario& scenario, const std::string& outputFolder,
                             const RunHooks& hooks = RunHooks());

} // namespace eesim

#endif
