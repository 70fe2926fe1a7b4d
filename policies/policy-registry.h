#ifndef EESIM_POLICIES_POLICY_REGISTRY_H
#define EESIM_POLICIES_POLICY_REGISTRY_H

#include "base/key-table.h"
#include "policies/calibration.h"
#include "policies/exit-policy.h"
#include "policies/transmission-policy.h"

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** A registered policy as the registry lists it; the validator, `eesim validate --list-keys` and
 *  the README's policy table are read from these. */
struct PolicyDescription
{
    std::string name;
    /** One line: what the policy decides and how. */
    std::string meaning;
    /** Its parameters, each with its default and range; checked by base/key-table. */
    KeyTable parameters;
    /** Reads a calibration file (policies.transmission.calibration). */
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

/** Makes a policy from parameters that passed its table, every default filled in. */
using ExitPolicyFactory
    = std::function<std::unique_ptr<ExitPolicy>(const nlohmann::json& parameters)>;
using TransmissionPolicyFactory
    = std::function<std::unique_ptr<TransmissionPolicy>(const nlohmann::json& parameters)>;
/** As TransmissionPolicyFactory, with the run's calibration (never null here); throws
 *  std::invalid_argument when the calibration lacks what the policy reads. */
using CalibratedPolicyFactory = std::function<std::unique_ptr<TransmissionPolicy>(
    const nlohmann::json& parameters, const TransmissionContext& context)>;
/** What a table cannot say (deadline-aware's inner policy), run after the table has checked
 *  the parameters object and filled in its defaults, whatever it found: so it checks only values
 *  the table has not refused. Appends `FILE: POINTER/...: problem` lines and may fill in nested
 *  defaults. */
using ParameterCheck
    = std::function<void(nlohmann::json& parameters, const std::string& file,
                         const std::string& pointer, std::vector<std::string>& errors)>;

/**
 * Policies by name. Each policy registers itself from its own .cc file, at static
 * initialisation:
 *
 *     [[maybe_unused]] const bool kRegistered = PolicyRegistry::AddExitPolicy(
 *         "patience", "exit when ...", { keys::Integer("patience", 2, 1, 64, "...") },
 *         [](const nlohmann::json& p) { return std::make_unique<PatienceExit>(...); });
 *
 * The registry itself knows no policy. A policy is chosen by a {"name": ..., "params": {...}}
 * object; its parameters are checked by its key table at every depth (unknown keys, types,
 * ranges) and every problem reads `FILE: /json/pointer: what is wrong`, as in every input.
 */
class PolicyRegistry
{
  public:
    /** Registration; each returns true so that it can initialise a static. A name registered
     *  twice for one kind throws std::logic_error (at start-up, so no run goes unnoticed). */
    static bool AddExitPolicy(const std::string& name, const std::string& meaning,
                              KeyTable parameters, ExitPolicyFactory make,
                              ParameterCheck check = nullptr);
    static bool AddTransmissionPolicy(const std::string& name, const std::string& meaning,
                                      KeyTable parameters, TransmissionPolicyFactory make);
    /** A transmission policy that reads the calibration file: it cannot be made without one. */
    static bool AddCalibratedTransmissionPolicy(const std::string& name, const std::string& meaning,
                                                KeyTable parameters, CalibratedPolicyFactory make);

    /** Every registered policy of the kind, by name. */
    static std::vector<PolicyDescription> ExitPolicies();
    static std::vector<PolicyDescription> TransmissionPolicies();

    /** Checks an exit policy object {"name": ..., "params": {...}} at `pointer` of `file` and
     *  fills in its defaults; problems are appended to `errors`. */
    static void CompleteExitPolicy(nlohmann::json& policy, const std::string& file,
                                   const std::string& pointer, std::vector<std::string>& errors);
    /** The same for a name and its parameters, as a scenario holds them, without changing them.
     */
    static void CheckExitPolicy(const std::string& name, const nlohmann::json& parameters,
                                const std::string& file, const std::string& pointer,
                                std::vector<std::string>& errors);
    /** Name and parameters only, for a validator that has not loaded the calibration (yet). */
    static void CheckTransmissionPolicy(const std::string& name, const nlohmann::json& parameters,
                                        const std::string& file, const std::string& pointer,
                                        std::vector<std::string>& errors);
    /** True for transmission policies that read a calibration file. */
    static bool NeedsCalibration(const std::string& name);

    /** Null parameters stand for none given. Throws std::invalid_argument with every problem,
     *  one per line, read as from a file named "exit policy" ("transmission policy"). */
    static std::unique_ptr<ExitPolicy> MakeExitPolicy(const std::string& name,
                                                      const nlohmann::json& parameters);
    /** Also throws std::invalid_argument when the policy needs a calibration and the context
     *  has none, or the calibration lacks the context's channel mode. */
    static std::unique_ptr<TransmissionPolicy>
    MakeTransmissionPolicy(const std::string& name, const nlohmann::json& parameters,
                           const TransmissionContext& context = TransmissionContext());

    /** The policy table in Markdown: policy, kind, parameters (default, range), meaning. */
    static std::string TableMarkdown();
};

} // namespace eesim

#endif
