#ifndef EESIM_SIM_SCENARIO_SCENARIO_SCHEMA_H
#define EESIM_SIM_SCENARIO_SCENARIO_SCHEMA_H

#include "base/key-table.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** Every scenario key (see base/key-table.h). */
const KeyTable& ScenarioKeys();

/**
 * Checks a scenario document against the table and returns it with every default filled in.
 * Each problem is appended to `errors` as `FILE: /json/pointer: problem`.
 */
nlohmann::json CompleteScenario(const nlohmann::json& document, const std::string& file,
                                std::vector<std::string>& errors);

/** The table as Markdown, for the README. */
std::string ScenarioKeysMarkdown();

} // namespace eesim

#endif
