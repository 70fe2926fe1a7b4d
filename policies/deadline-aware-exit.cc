#include "policies/deadline-aware-exit.h"

#include "policies/policy-registry.h"

#include <cmath>

namespace eesim
{

bool
DeadlineAwareExit::ShouldExit(const ExitObservation& o) const
{
    if (std::isfinite(o.deadlineSeconds) && std::isfinite(o.predictedNextExitSeconds)
        && o.elapsedSeconds + m_safetyFactor * o.predictedNextExitSeconds > o.deadlineSeconds)
    {
        return true;
    }
    return m_inner->ShouldExit(o);
}

namespace
{

/** `inner` is a policy object of its own: its name, its keys and its parameters are checked as
 *  the scenario's exit policy is, one level down. */
void
CheckInner(nlohmann::json& parameters, const std::string& file, const std::string& pointer,
           std::vector<std::string>& errors)
{
    nlohmann::json& inner = parameters["inner"];
    if (!inner.is_object())
    {
        return; // the table has said so
    }
    const auto name = inner.find("name");
    if (name != inner.end() && *name == "deadline-aware")
    {
        errors.push_back(file + ": " + pointer + "/inner/name: deadline-aware cannot wrap itself");
        return;
    }
    PolicyRegistry::CompleteExitPolicy(inner, file, pointer + "/inner", errors);
}

KeySpec
InnerKey()
{
    KeySpec inner = keys::AnyObject(
        "inner", "inner exit policy, {\"name\": ..., \"params\": {...}}, followed while the "
                 "deadline allows");
    inner.defaultValue = { { "name", "none" } };
    inner.schemaDefinition = "exit-policy"; // the scenario schema's exit policy object
    return inner;
}

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddExitPolicy(
    "deadline-aware",
    "exit when elapsed + safety_factor x predicted time to the next exit > deadline; "
    "otherwise follow the inner policy",
    { InnerKey(), keys::Number("safety_factor", 1.0, 0.0, 100.0, "multiplies the predicted time") },
    [](const nlohmann::json& p)
    {
        const nlohmann::json& inner = p.at("inner");
        return std::make_unique<DeadlineAwareExit>(
            PolicyRegistry::MakeExitPolicy(inner.at("name").get<std::string>(), inner.at("params")),
            p.at("safety_factor").get<double>());
    },
    CheckInner);

} // namespace

} // namespace eesim
