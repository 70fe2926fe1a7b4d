#ifndef EESIM_POLICIES_JSON_FIELDS_H
#define EESIM_POLICIES_JSON_FIELDS_H

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Readers for the calibration file's fields. Each takes the JSON pointer of the value it reads
 * and throws std::invalid_argument("POINTER: what is wrong (expected ..., got ...)"), the
 * project's error shape, so a message leads the user to the offending field.
 */
class JsonFields
{
  public:
    /** POINTER/KEY, with KEY escaped as RFC 6901 asks (~ as ~0, / as ~1). */
    static std::string Child(const std::string& pointer, const std::string& key);

    /** `object[key]`; throws when `object` is not an object or has no `key`. */
    static const nlohmann::json& Require(const nlohmann::json& object, const std::string& key,
                                         const std::string& pointer);

    static double Number(const nlohmann::json& value, const std::string& pointer);
    static std::string String(const nlohmann::json& value, const std::string& pointer);
    /** A whole number from `minimum` up. */
    static long long Integer(const nlohmann::json& value, const std::string& pointer,
                             long long minimum);
    /** A number for a message: up to 15 significant digits, whole numbers without ".0". */
    static std::string Format(double x);
    /** An array of finite numbers. */
    static std::vector<double> Numbers(const nlohmann::json& value, const std::string& pointer);
};

} // namespace eesim

#endif
