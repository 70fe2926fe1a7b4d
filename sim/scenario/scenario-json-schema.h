#ifndef EESIM_SIM_SCENARIO_SCENARIO_JSON_SCHEMA_H
#define EESIM_SIM_SCENARIO_SCENARIO_JSON_SCHEMA_H

#include <nlohmann/json.hpp>

namespace eesim
{

/**
 * The JSON Schema (draft 2020-12) of scenario files, for editors: `eesim validate --schema`
 * prints it and scenarios/eesim-scenario.schema.json is a copy. Generated from the same tables
 * the validator checks against (ScenarioKeys, the registered policies' parameters, capacity
 * models and link types); the parameters of each exit and transmission policy are alternatives
 * selected by the policy's name. Checks across keys (node names that placement and links refer
 * to, a calibration that fits the model, ...) stay with the validator.
 */
nlohmann::json ScenarioJsonSchema();

} // namespace eesim

#endif
