#ifndef EESIM_BASE_KEY_TABLE_SCHEMA_H
#define EESIM_BASE_KEY_TABLE_SCHEMA_H

#include "base/key-table.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * JSON Schema (draft 2020-12) read from the key tables, so that editors complete, describe and
 * check what CompleteObject checks: each key's type, range, choices, default and meaning, the
 * required keys, and no keys beyond the table's (`additionalProperties: false`). Keys of one
 * alternative (KeySpec::selectorKey) are refused when their selector holds another value, as
 * the validator refuses them. What a table cannot say (a policy's parameters, which depend on
 * its name; checks across keys) is added by the caller or stays with the validator.
 */

/** The schema of one key's value, with its description and default. */
nlohmann::json KeySchema(const KeySpec& key);

/** The schema of the object holding the keys of `table` under `prefix`; `requiredArrays` as for
 *  CompleteObject (arrays of objects that must be present and non-empty). */
nlohmann::json KeyTableSchema(const KeyTable& table, const std::string& prefix = "",
                              const std::vector<std::string>& requiredArrays = {});

} // namespace eesim

#endif
