#ifndef EESIM_BASE_JSON_FILE_H
#define EESIM_BASE_JSON_FILE_H

#include <nlohmann/json.hpp>
#include <string>

namespace eesim
{

/** Reads and parses a JSON file; throws eesim::Error("PATH: cannot open", "PATH: parse error
 *  at line L, column C: ..." or "PATH: nested deeper than ..."). */
nlohmann::json ParseJsonFile(const std::string& path);

/**
 * Deepest nesting accepted in JSON input. Our files need a handful of levels; nlohmann::json
 * parses iteratively but copies and prints recursively, so a document nested some ten thousand
 * levels deep (a file of a few tens of kilobytes) would overflow the stack later on.
 */
constexpr int kMaxJsonDepth = 100;

/** A parser callback that throws eesim::Error("WHAT: nested deeper than 100 levels") when the
 *  document goes deeper than kMaxJsonDepth. */
nlohmann::json::parser_callback_t JsonDepthLimit(const std::string& what);

} // namespace eesim

#endif
