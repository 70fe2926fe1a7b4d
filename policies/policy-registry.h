#ifndef EESIM_POLICIES_POLICY_REGISTRY_H
#define EESIM_POLICIES_POLICY_REGISTRY_H

#include "policies/calibration.h"
#include "policies/exit-policy.h"
#include "policies/transmission-policy.h"

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
    /** Reads a calibration file (policies.transmission.calibration): TransmissionContext must
     *  carry one. */
    bool needsCalibration = false;
};

/** What a transmission policy may need beyond its parameters, fixed for a run's link. */
struct TransmissionContext
{
    /** Loaded by the caller (Calibration::Load, then CheckModel/CheckSplit); may be null for
     *  policies that need none. Only read while the policy is made: policies keep copies. */
    const Calibration* calibration = nullptr;
    /** The link's channel mode, the key of the calibration's server tables and learned models
     *  ("analog", "digital-float32", "digital-int8", ...). */
    std::string channelMode;
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
    /** Also throws std::invalid_argument when the policy needs a calibration and the context
     *  has none, or the calibration lacks the context's channel mode. */
    static std::unique_ptr<TransmissionPolicy>
    MakeTransmissionPolicy(const std::string& name, const nlohmann::json& parameters,
                           const TransmissionContext& context = TransmissionContext());
    /** Checks the name and parameters only, as MakeTransmissionPolicy does, for a validator
     *  that has not loaded the calibration (yet). */
    /** True for transmission policies that read a calibration file. */
    static bool NeedsCalibration(const std::string& name);
    static void CheckTransmissionParameters(const std::string& name,
                                            const nlohmann::json& parameters);

  private:
    static std::unique_ptr<TransmissionPolicy> MakeCalibrated(const std::string& name, double value,
                                                              const TransmissionContext& context);
    static std::unique_ptr<ExitPolicy> MakeDeadlineAware(const nlohmann::json& parameters,
                                                         double safetyFactor);
};

} // namespace eesim

#endif
