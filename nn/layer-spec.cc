#include "nn/layer-spec.h"

#include "base/error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace eesim
{

bool
LayerSpec::Has(const std::string& key) const
{
    for (const auto& [name, value] : attributes)
    {
        if (name == key)
        {
            return true;
        }
    }
    return false;
}

double
LayerSpec::Get(const std::string& key) const
{
    for (const auto& [name, value] : attributes)
    {
        if (name == key)
        {
            return value;
        }
    }
    throw Error("layer '" + type + "' lacks attribute '" + key + "'");
}

int
LayerSpec::GetInt(const std::string& key, int minimum) const
{
    const double value = Get(key);
    if (value != std::floor(value) || value < minimum || value > 1e9)
    {
        throw Error("layer '" + type + "': attribute '" + key
                    + "' must be an integer >= " + std::to_string(minimum) + ", got " + ToString());
    }
    return int(value);
}

double
LayerSpec::GetOr(const std::string& key, double fallback) const
{
    return Has(key) ? Get(key) : fallback;
}

int
LayerSpec::GetIntOr(const std::string& key, int fallback, int minimum) const
{
    return Has(key) ? GetInt(key, minimum) : fallback;
}

void
LayerSpec::Set(const std::string& key, double value)
{
    for (auto& [name, old] : attributes)
    {
        if (name == key)
        {
            old = value;
            return;
        }
    }
    attributes.emplace_back(key, value);
}

std::string
LayerSpec::ToString() const
{
    std::string text = type;
    for (const auto& [name, value] : attributes)
    {
        char buffer[64];
        // %.17g round-trips every double; integers print without a fraction.
        std::snprintf(buffer, sizeof buffer, "%.17g", value);
        text += " " + name + "=" + buffer;
    }
    for (std::size_t i = 0; i < inputs.size(); ++i)
    {
        text += (i == 0 ? " inputs=" : ",") + std::to_string(inputs[i]);
    }
    return text;
}

namespace
{

/** "-1,3": the layer's input positions; at most kMaxInteger each, as any layer list is shorter. */
std::vector<int>
ParseInputs(const std::string& list, const std::string& text)
{
    std::vector<int> inputs;
    std::istringstream in(list);
    std::string item;
    while (std::getline(in, item, ','))
    {
        char* end = nullptr;
        const long value = std::strtol(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || value < -1 || value > LayerSpec::kMaxInteger)
        {
            throw Error("malformed layer inputs '" + list + "' in '" + text + "'");
        }
        inputs.push_back(int(value));
    }
    if (inputs.empty())
    {
        throw Error("malformed layer inputs '" + list + "' in '" + text + "'");
    }
    return inputs;
}

} // namespace

LayerSpec
LayerSpec::Parse(const std::string& text)
{
    std::istringstream in(text);
    LayerSpec spec;
    if (!(in >> spec.type))
    {
        throw Error("empty layer description");
    }
    std::string item;
    while (in >> item)
    {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
        {
            throw Error("malformed layer attribute '" + item + "' in '" + text + "'");
        }
        if (item.compare(0, eq, "inputs") == 0)
        {
            spec.inputs = ParseInputs(item.substr(eq + 1), text);
            continue;
        }
        char* end = nullptr;
        const std::string number = item.substr(eq + 1);
        const double value = std::strtod(number.c_str(), &end);
        if (number.empty() || *end != '\0' || !std::isfinite(value))
        {
            throw Error("malformed layer attribute '" + item + "' in '" + text + "'");
        }
        spec.attributes.emplace_back(item.substr(0, eq), value);
    }
    return spec;
}

} // namespace eesim
