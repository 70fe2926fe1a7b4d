#include "policy-registry.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace eesim
{

namespace
{

const PolicyDescription*
Find(const std::vector<PolicyDescription>& all, const std::string& name, const char* kind)
{
    for (const auto& description : all)
    {
        if (description.name == name)
        {
            return &description;
        }
    }
    std::string names;
    for (const auto& description : all)
    {
        names += (names.empty() ? "" : ", ") + description.name;
    }
    throw std::invalid_argument("unknown " + std::string(kind) + " policy \"" + name
                                + "\" (expected one of: " + names + ")");
}

/** Every declared parameter's value (the default when absent); rejects anything else. */
std::map<std::string, double>
ReadParameters(const PolicyDescription& description, const nlohmann::json& parameters)
{
    if (!parameters.is_null() && !parameters.is_object())
    {
        throw std::invalid_argument("policy parameters must be an object");
    }
    std::map<std::string, double> values;
    for (const auto& p : description.parameters)
    {
        values[p.name] = p.defaultValue;
    }
    if (parameters.is_null())
    {
        return values;
    }
    for (const auto& [key, value] : parameters.items())
    {
        if (values.count(key) == 0)
        {
            throw std::invalid_argument(key + ": not a parameter of policy \"" + description.name
                                        + "\"");
        }
        const auto& declared
            = *std::find_if(description.parameters.begin(), description.parameters.end(),
                            [&](const auto& p) { return p.name == key; });
        if (!value.is_number() || !(value.get<double>() >= declared.minimum)
            || !(value.get<double>() <= declared.maximum))
        {
            throw std::invalid_argument(
                key + ": expected a number from " + nlohmann::json(declared.minimum).dump() + " to "
                + nlohmann::json(declared.maximum).dump() + ", got " + value.dump());
        }
        values[key] = value.get<double>();
    }
    return values;
}

} // namespace

const std::vector<PolicyDescription>&
PolicyRegistry::ExitPolicies()
{
    static const std::vector<PolicyDescription> all = {
        { "none", "always run to the final exit", {} },
        { "confidence",
          "exit when the exit's top-1 probability >= threshold",
          { { "threshold", 0.9, 0.0, 1.0, "top-1 probability needed to exit" } } },
    };
    return all;
}

const std::vector<PolicyDescription>&
PolicyRegistry::TransmissionPolicies()
{
    static const std::vector<PolicyDescription> all = {
        { "always-transmit", "always send the features to the next node", {} },
        { "never-transmit", "always answer with the exit before the link", {} },
        { "confidence",
          "keep the early answer when its top-1 probability >= threshold, else transmit",
          { { "threshold", 0.9, 0.0, 1.0, "top-1 probability needed to keep the early answer" } } },
    };
    return all;
}

std::unique_ptr<ExitPolicy>
PolicyRegistry::MakeExitPolicy(const std::string& name, const nlohmann::json& parameters)
{
    const auto values = ReadParameters(*Find(ExitPolicies(), name, "exit"), parameters);
    if (name == "confidence")
    {
        return std::make_unique<ConfidenceExit>(values.at("threshold"));
    }
    return std::make_unique<NoEarlyExit>();
}

std::unique_ptr<TransmissionPolicy>
PolicyRegistry::MakeTransmissionPolicy(const std::string& name, const nlohmann::json& parameters)
{
    const auto values
        = ReadParameters(*Find(TransmissionPolicies(), name, "transmission"), parameters);
    if (name == "confidence")
    {
        return std::make_unique<ConfidenceTransmission>(values.at("threshold"));
    }
    if (name == "never-transmit")
    {
        return std::make_unique<NeverTransmit>();
    }
    return std::make_unique<AlwaysTransmit>();
}

} // namespace eesim
