#include "policies/json-fields.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace eesim
{

namespace
{

/** A value as the "got ..." part of a message, cut short when it is long. */
std::string
Got(const nlohmann::json& value)
{
    std::string text = value.dump();
    if (text.size() > 40)
    {
        text = text.substr(0, 37) + "...";
    }
    return "got " + text;
}

[[noreturn]] void
Fail(const std::string& pointer, const std::string& expected, const nlohmann::json& value)
{
    throw std::invalid_argument(pointer + ": expected " + expected + ", " + Got(value));
}

} // namespace

std::string
JsonFields::Child(const std::string& pointer, const std::string& key)
{
    std::string escaped;
    for (const char c : key)
    {
        escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    }
    return pointer + "/" + escaped;
}

const nlohmann::json&
JsonFields::Require(const nlohmann::json& object, const std::string& key,
                    const std::string& pointer)
{
    if (!object.is_object())
    {
        Fail(pointer.empty() ? "/" : pointer, "an object", object);
    }
    const auto found = object.find(key);
    if (found == object.end())
    {
        throw std::invalid_argument(Child(pointer, key) + ": missing");
    }
    return *found;
}

double
JsonFields::Number(const nlohmann::json& value, const std::string& pointer)
{
    if (!value.is_number() || !std::isfinite(value.get<double>()))
    {
        Fail(pointer, "a number", value);
    }
    return value.get<double>();
}

std::string
JsonFields::String(const nlohmann::json& value, const std::string& pointer)
{
    if (!value.is_string())
    {
        Fail(pointer, "a string", value);
    }
    return value.get<std::string>();
}

long long
JsonFields::Integer(const nlohmann::json& value, const std::string& pointer, long long minimum)
{
    if (!value.is_number_integer() || value.get<long long>() < minimum)
    {
        Fail(pointer, "a whole number >= " + std::to_string(minimum), value);
    }
    return value.get<long long>();
}

std::string
JsonFields::Format(double x)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.15g", x);
    return text;
}

std::vector<double>
JsonFields::Numbers(const nlohmann::json& value, const std::string& pointer)
{
    if (!value.is_array())
    {
        Fail(pointer, "an array of numbers", value);
    }
    std::vector<double> numbers;
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        numbers.push_back(Number(value[i], pointer + "/" + std::to_string(i)));
    }
    return numbers;
}

} // namespace eesim
