#ifndef EESIM_SIM_SIMULATION_H
#define EESIM_SIM_SIMULATION_H

#include "scenario.h"

#include <nlohmann/json.hpp>
#include <string>

namespace eesim
{

/**
 * One run of a scenario: builds the ns-3 network, installs a stage worker on every node and a
 * request source on every device, runs until every request is answered (or the time limit),
 * and writes requests.csv and summary.json into `outputFolder`. Returns the summary.
 */
nlohmann::json RunSimulation(const Scenario& scenario, const std::string& outputFolder,
                             bool showProgress);

} // namespace eesim

#endif
