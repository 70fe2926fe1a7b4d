#ifndef EESIM_SIM_SCENARIO_SCHEMA_H
#define EESIM_SIM_SCENARIO_SCHEMA_H

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** The kind of value a scenario key holds. */
enum class KeyType
{
    kNumber,
    kInteger,
    kString,
    kBoolean,
    kNumberList, // fixed length: ScenarioKey::length
    kStringList,
    kAnyObject // free-form object checked elsewhere (policy parameters)
};

/**
 * One scenario key: the single place its type, default, range, unit and meaning live. The
 * validator and the reference documentation (`eesim validate --list-keys`) both read this
 * table. Paths use dots for nesting and `[]` for "each element of an array of objects".
 */
struct ScenarioKey
{
    std::string path;
    KeyType type;
    nlohmann::json defaultValue; // null: required
    double minimum = 0.0;
    double maximum = 0.0;
    std::vector<std::string> choices; // for strings: the allowed values (empty: any)
    std::string meaning;
    int length = 0; // for kNumberList: the required length; 0 = any non-empty; -1 = any
};

const std::vector<ScenarioKey>& ScenarioKeys();

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
