#ifndef EESIM_SIM_SCENARIO_SCENARIO_CHECKS_H
#define EESIM_SIM_SCENARIO_SCENARIO_CHECKS_H

#include "sim/scenario/scenario.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * The scenario's cross-field checks, beyond what the key table can say: node names and
 * references, the model's segments against the placement and the per-segment lists, each node's
 * capacity model, each link's type, the policies and their calibration, the Wi-Fi channel width.
 * The document is complete and each value has its type. Resolves what needs the checks: node
 * indices in the placement and links, capacity factories. Each problem is appended to `errors`
 * as `FILE: /json/pointer: problem`.
 */
void CheckReferences(Scenario& s, const nlohmann::json& doc, std::vector<std::string>& errors);

} // namespace eesim

#endif
