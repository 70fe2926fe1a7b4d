#ifndef EESIM_BASE_JSON_TEXT_H
#define EESIM_BASE_JSON_TEXT_H

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/* How JSON values, keys and pointers are written in the project's one-line error messages. */

/** A number for messages: integers as integers (2147483647, not 2.14748e+09), others in %g
 *  form. */
std::string FormatNumber(double value);

/** Escapes a key for a JSON pointer (RFC 6901): ~ becomes ~0, / becomes ~1. */
std::string EscapePointer(const std::string& key);

/** A short description of a JSON value for error messages: `"abc"`, `12`, `an array`. */
std::string DescribeJson(const nlohmann::json& value);

/** The closest candidate to `word` by edit distance, or "" when nothing is close. */
std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates);

/** "unknown key", with a "did you mean" when one of the known keys is close. */
std::string UnknownKeyProblem(const std::string& key, const std::vector<std::string>& known);

} // namespace eesim

#endif
