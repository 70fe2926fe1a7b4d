#ifndef EESIM_POLICIES_POLICY_REGISTRY_H
#define EESIM_POLICIES_POLICY_REGISTRY_H

#include "exit-policy.h"
#include "transmission-policy.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** One numeric parameter of a policy, with its documented default and range. */
struct PolicyParameter
{
    std::string name;
    double defaultValue;
    double minimum;
    double maximum;
    std::string meaning;
    /** Accepts a list with one value per exit as well as a single number. */
    bool perExit = false;
    /** Not a number: an inner exit policy {"name": ..., "params": {...}}. */
    bool isPolicy = false;
};

/** A policy name with its parameters, as the registry lists it. */
struct PolicyDescription
{
    std::string name;
    std::string meaning;
    std::vector<PolicyParameter> parameters;
};

/**
 * Policies by name. Parameters come as a JSON object; an unknown policy, an unknown parameter,
 * a non-number or a value out of range throws std::invalid_argument whose message names the
 * parameter (the scenario loader turns it into a FILE: /pointer: error).
 */
class PolicyRegistry
{
  public:
    static const std::vector<PolicyDescription>& ExitPolicies();
    static const std::vector<PolicyDescription>& TransmissionPolicies();

    static std::unique_ptr<ExitPolicy> MakeExitPolicy(const std::string& name,
                                                      const nlohmann::json& parameters);
    static std::unique_ptr<TransmissionPolicy>
    MakeTransmissionPolicy(const std::string& name, const nlohmann::json& parameters);

  private:
    static std::unique_ptr<ExitPolicy> MakeDeadlineAware(const nlohmann::json& parameters,
                                                         double safetyFactor);
};

} // namespace eesim

#endif
