#include "policies/policy-registry.h"

#include "policies/deadline-aware-exit.h"
#include "policies/feature-difference-exit.h"
#include "policies/learned-transmission.h"
#include "policies/oracle-transmission.h"
#include "policies/patience-exit.h"
#include "policies/snr-aware-transmission.h"
#include "policies/threshold-exit.h"
#include "policies/threshold-transmission.h"

#include <algorithm>
#include <cmath>
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

std::string
Range(const PolicyParameter& p)
{
    return nlohmann::json(p.minimum).dump() + " to " + nlohmann::json(p.maximum).dump();
}

/** One number within the parameter's range, or throws. */
double
ReadNumber(const PolicyParameter& p, const nlohmann::json& value)
{
    if (!value.is_number() || !(value.get<double>() >= p.minimum)
        || !(value.get<double>() <= p.maximum))
    {
        throw std::invalid_argument(p.name + ": expected a number from " + Range(p) + ", got "
                                    + value.dump());
    }
    return value.get<double>();
}

/** Every declared numeric parameter's values (the default when absent; per-exit parameters may
 *  hold a list); rejects anything undeclared. Policy-valued parameters are left to the caller. */
std::map<std::string, std::vector<double>>
ReadParameters(const PolicyDescription& description, const nlohmann::json& parameters)
{
    if (!parameters.is_null() && !parameters.is_object())
    {
        throw std::invalid_argument("policy parameters must be an object");
    }
    std::map<std::string, std::vector<double>> values;
    for (const auto& p : description.parameters)
    {
        if (!p.isPolicy)
        {
            values[p.name] = { p.defaultValue };
        }
    }
    if (parameters.is_null())
    {
        return values;
    }
    for (const auto& [key, value] : parameters.items())
    {
        const auto declared
            = std::find_if(description.parameters.begin(), description.parameters.end(),
                           // Named capture: C++17 lambdas cannot capture a structured binding.
                           [&name = key](const auto& p) { return p.name == name; });
        if (declared == description.parameters.end())
        {
            throw std::invalid_argument(key + ": not a parameter of policy \"" + description.name
                                        + "\"");
        }
        if (declared->isPolicy)
        {
            continue;
        }
        if (declared->perExit && value.is_array())
        {
            if (value.empty())
            {
                throw std::invalid_argument(key + ": expected one or more values per exit");
            }
            values[key].clear();
            for (const auto& element : value)
            {
                values[key].push_back(ReadNumber(*declared, element));
            }
            continue;
        }
        values[key] = { ReadNumber(*declared, value) };
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
          "exit when the top-1 probability >= threshold",
          { { "threshold", 0.9, 0.0, 1.0, "top-1 probability needed to exit", true } } },
        { "entropy",
          "exit when the normalised entropy H(p) / log(classes) <= threshold",
          { { "threshold", 0.2, 0.0, 1.0, "largest normalised entropy that exits", true } } },
        { "margin",
          "exit when top-1 minus top-2 probability >= threshold",
          { { "threshold", 0.5, 0.0, 1.0, "smallest margin that exits", true } } },
        { "feature-difference",
          "exit at exit k >= 1 when the total variation distance between exit k's and exit "
          "k-1's distributions (half the L1 distance) <= threshold; never at exit 0",
          { { "threshold", 0.05, 0.0, 1.0, "largest distance that exits", true } } },
        { "patience",
          "exit when the last `patience` exits (this one included) predict the same class",
          { { "patience", 2, 1, 64, "exits that must agree" } } },
        { "deadline-aware",
          "exit when elapsed + safety_factor x predicted time to the next exit > deadline; "
          "otherwise follow the inner policy",
          { { "inner", 0, 0, 0,
              "inner exit policy, {\"name\": ..., \"params\": {...}} "
              "(default: none)",
              false, true },
            { "safety_factor", 1.0, 0.0, 100.0, "multiplies the predicted time" } } },
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
        // Default 0.2: about where a 10-class exit with top-1 probability 0.9 sits (the rest
        // spread evenly gives 0.24), so it pairs with confidence's default.
        { "entropy",
          "transmit when the normalised entropy H(p) / log(classes) > threshold, else keep",
          { { "threshold", 0.2, 0.0, 1.0, "largest normalised entropy that keeps" } } },
        { "snr-aware",
          "transmit when P(server right at the SNR) - P(early exit right at its top-1 probability) "
          "> "
          "margin, both read from the calibration tables (the server table of the link's "
          "channel mode); an unknown SNR reads the server table's lowest bin",
          { { "margin", 0.0, -1.0, 1.0, "accuracy gain the server must promise" } },
          true },
        { "learned",
          "transmit when the calibration's logistic model, fed top-1 probability, normalised "
          "entropy, margin and SNR in dB, gives probability > threshold that the server is "
          "right where the early exit is wrong (fitted on validation samples where they "
          "disagree; our reading); an unknown SNR takes the training mean",
          { { "threshold", 0.5, 0.0, 1.0, "0.5 maximises accuracy; higher transmits less" } },
          true },
        { "oracle",
          "knows both outcomes: transmit exactly when the server is right and the early exit "
          "wrong, the upper bound on accuracy at the least communication (the simulator "
          "computes the server's answer for every request)",
          {} },
    };
    return all;
}

std::unique_ptr<ExitPolicy>
PolicyRegistry::MakeExitPolicy(const std::string& name, const nlohmann::json& parameters)
{
    const auto values = ReadParameters(*Find(ExitPolicies(), name, "exit"), parameters);
    auto threshold = [&] { return PerExitThreshold{ values.at("threshold") }; };
    using Measure = ThresholdExit::Measure;
    if (name == "confidence")
    {
        return std::make_unique<ThresholdExit>(Measure::kMaxProbability, threshold());
    }
    if (name == "entropy")
    {
        return std::make_unique<ThresholdExit>(Measure::kNormalizedEntropy, threshold());
    }
    if (name == "margin")
    {
        return std::make_unique<ThresholdExit>(Measure::kMargin, threshold());
    }
    if (name == "feature-difference")
    {
        return std::make_unique<FeatureDifferenceExit>(threshold());
    }
    if (name == "patience")
    {
        const double patience = values.at("patience")[0];
        if (patience != std::floor(patience))
        {
            throw std::invalid_argument("patience: expected a whole number of exits");
        }
        return std::make_unique<PatienceExit>(int(patience));
    }
    if (name == "deadline-aware")
    {
        return MakeDeadlineAware(parameters, values.at("safety_factor")[0]);
    }
    return std::make_unique<NoEarlyExit>();
}

std::unique_ptr<ExitPolicy>
PolicyRegistry::MakeDeadlineAware(const nlohmann::json& parameters, double safetyFactor)
{
    std::unique_ptr<ExitPolicy> inner = std::make_unique<NoEarlyExit>();
    if (parameters.is_object() && parameters.contains("inner"))
    {
        const auto& spec = parameters["inner"];
        if (!spec.is_object() || !spec.contains("name") || !spec["name"].is_string())
        {
            throw std::invalid_argument("inner: expected {\"name\": ..., \"params\": {...}}");
        }
        if (spec["name"] == "deadline-aware")
        {
            throw std::invalid_argument("inner: deadline-aware cannot wrap itself");
        }
        try
        {
            inner = MakeExitPolicy(spec["name"], spec.value("params", nlohmann::json::object()));
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(std::string("inner: ") + e.what());
        }
    }
    return std::make_unique<DeadlineAwareExit>(std::move(inner), safetyFactor);
}

bool
PolicyRegistry::NeedsCalibration(const std::string& name)
{
    const auto& all = TransmissionPolicies();
    return std::any_of(all.begin(), all.end(),
                       [&](const auto& d) { return d.name == name && d.needsCalibration; });
}

std::unique_ptr<TransmissionPolicy>
PolicyRegistry::MakeTransmissionPolicy(const std::string& name, const nlohmann::json& parameters,
                                       const TransmissionContext& context)
{
    const PolicyDescription& description = *Find(TransmissionPolicies(), name, "transmission");
    const auto values = ReadParameters(description, parameters);
    using Measure = ThresholdTransmission::Measure;
    if (description.needsCalibration)
    {
        const double value = values.at(name == "snr-aware" ? "margin" : "threshold")[0];
        return MakeCalibrated(name, value, context);
    }
    if (name == "confidence")
    {
        return std::make_unique<ThresholdTransmission>(Measure::kMaxProbability,
                                                       values.at("threshold")[0]);
    }
    if (name == "entropy")
    {
        return std::make_unique<ThresholdTransmission>(Measure::kNormalizedEntropy,
                                                       values.at("threshold")[0]);
    }
    if (name == "oracle")
    {
        return std::make_unique<OracleTransmission>();
    }
    if (name == "never-transmit")
    {
        return std::make_unique<NeverTransmit>();
    }
    return std::make_unique<AlwaysTransmit>();
}

void
PolicyRegistry::CheckTransmissionParameters(const std::string& name,
                                            const nlohmann::json& parameters)
{
    ReadParameters(*Find(TransmissionPolicies(), name, "transmission"), parameters);
}

std::unique_ptr<TransmissionPolicy>
PolicyRegistry::MakeCalibrated(const std::string& name, double value,
                               const TransmissionContext& context)
{
    if (context.calibration == nullptr)
    {
        throw std::invalid_argument("policy \"" + name
                                    + "\" needs a calibration file "
                                      "(policies.transmission.calibration)");
    }
    try
    {
        const Calibration& calibration = *context.calibration;
        if (name == "snr-aware")
        {
            return std::make_unique<SnrAwareTransmission>(
                calibration.earlyExit, calibration.ServerTable(context.channelMode), value);
        }
        return std::make_unique<LearnedTransmission>(calibration.LearnedModel(context.channelMode),
                                                     value);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(name + ": " + e.what());
    }
}

} // namespace eesim
