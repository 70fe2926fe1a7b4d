#include "policies/policy-registry.h"

#include "base/json-reader.h"
#include "base/registry.h"

#include <sstream>
#include <stdexcept>

namespace eesim
{

namespace
{

/** One registered policy: what the registry lists, and how to check and make it. */
struct Entry
{
    std::string name; // the registry's key
    PolicyDescription description;
    ExitPolicyFactory makeExit;
    TransmissionPolicyFactory makeTransmission;
    CalibratedPolicyFactory makeCalibrated;
    ParameterCheck check;
};

/** Policies of one kind, in name order whatever order the files registered in. */
struct Kind
{
    const char* what; // "exit", "transmission"
    Registry<Entry> entries;
};

// Function-local statics: registrations run during static initialisation, in an order across
// files that C++ leaves open, so the maps must exist before the first of them.
Kind&
Exits()
{
    static Kind kind{ "exit", {} };
    return kind;
}

Kind&
Transmissions()
{
    static Kind kind{ "transmission", {} };
    return kind;
}

bool
Add(Kind& kind, Entry entry)
{
    entry.name = entry.description.name;
    try
    {
        kind.entries.Add(std::move(entry));
    }
    catch (const std::logic_error& e)
    {
        throw std::logic_error(std::string(kind.what) + " policy " + e.what());
    }
    return true;
}

std::vector<PolicyDescription>
Descriptions(const Kind& kind)
{
    std::vector<PolicyDescription> all;
    for (const Entry& entry : kind.entries.All())
    {
        all.push_back(entry.description);
    }
    return all;
}

/** The keys of a policy object: a registered name and an object of parameters. */
KeyTable
ChoiceKeys(const Kind& kind)
{
    return { keys::Text("name", nullptr, kind.entries.Names(), std::string(kind.what) + " policy"),
             keys::AnyObject("params", "its parameters") };
}

/** Checks {"name": ..., "params": {...}} and fills in its defaults: the name first, then the
 *  parameters by the policy's table, then what the table cannot say (every problem at once). */
void
Complete(const Kind& kind, nlohmann::json& policy, const std::string& file,
         const std::string& pointer, std::vector<std::string>& errors)
{
    if (!policy.is_object())
    {
        errors.push_back(file + ": " + (pointer.empty() ? "/" : pointer)
                         + ": expected an object, got " + DescribeJson(policy));
        return;
    }
    CompleteObject(ChoiceKeys(kind), policy, "", pointer, file, errors);
    const auto name = policy.find("name");
    const Entry* found
        = name != policy.end() && name->is_string() ? kind.entries.Find(*name) : nullptr;
    if (found == nullptr || !policy["params"].is_object())
    {
        return; // reported above: the parameters of no known policy cannot be checked
    }
    const Entry& entry = *found;
    CompleteObject(entry.description.parameters, policy["params"], "", pointer + "/params", file,
                   errors);
    if (entry.check)
    {
        entry.check(policy["params"], file, pointer + "/params", errors);
    }
}

/** The policy object of a name and its parameters, completed; throws std::invalid_argument with
 *  every problem, one per line. */
nlohmann::json
Completed(const Kind& kind, const std::string& name, const nlohmann::json& parameters)
{
    nlohmann::json policy
        = { { "name", name },
            { "params", parameters.is_null() ? nlohmann::json::object() : parameters } };
    std::vector<std::string> errors;
    Complete(kind, policy, std::string(kind.what) + " policy", "", errors);
    if (!errors.empty())
    {
        std::string all;
        for (const auto& error : errors)
        {
            all += (all.empty() ? "" : "\n") + error;
        }
        throw std::invalid_argument(all);
    }
    return policy;
}

/** `name` (default, range): meaning, as the policy table shows a parameter. */
std::string
ParameterText(const KeySpec& key)
{
    const std::string fallback = key.defaultValue.is_number()
                                     ? FormatNumber(key.defaultValue.get<double>())
                                     : "`" + key.defaultValue.dump() + "`";
    const std::string range = KeyRangeText(key);
    return "`" + key.path + "` (" + fallback + (range.empty() ? "" : ", " + range)
           + "): " + key.meaning + (key.perExit ? " (a list sets one value per exit)" : "");
}

} // namespace

bool
PolicyRegistry::AddExitPolicy(const std::string& name, const std::string& meaning,
                              KeyTable parameters, ExitPolicyFactory make, ParameterCheck check)
{
    Entry entry;
    entry.description = { name, meaning, std::move(parameters), false };
    entry.makeExit = std::move(make);
    entry.check = std::move(check);
    return Add(Exits(), std::move(entry));
}

bool
PolicyRegistry::AddTransmissionPolicy(const std::string& name, const std::string& meaning,
                                      KeyTable parameters, TransmissionPolicyFactory make)
{
    Entry entry;
    entry.description = { name, meaning, std::move(parameters), false };
    entry.makeTransmission = std::move(make);
    return Add(Transmissions(), std::move(entry));
}

bool
PolicyRegistry::AddCalibratedTransmissionPolicy(const std::string& name, const std::string& meaning,
                                                KeyTable parameters, CalibratedPolicyFactory make)
{
    Entry entry;
    entry.description = { name, meaning, std::move(parameters), true };
    entry.makeCalibrated = std::move(make);
    return Add(Transmissions(), std::move(entry));
}

std::vector<PolicyDescription>
PolicyRegistry::ExitPolicies()
{
    return Descriptions(Exits());
}

std::vector<PolicyDescription>
PolicyRegistry::TransmissionPolicies()
{
    return Descriptions(Transmissions());
}

void
PolicyRegistry::CompleteExitPolicy(nlohmann::json& policy, const std::string& file,
                                   const std::string& pointer, std::vector<std::string>& errors)
{
    Complete(Exits(), policy, file, pointer, errors);
}

void
PolicyRegistry::CheckExitPolicy(const std::string& name, const nlohmann::json& parameters,
                                const std::string& file, const std::string& pointer,
                                std::vector<std::string>& errors)
{
    nlohmann::json policy = { { "name", name }, { "params", parameters } };
    Complete(Exits(), policy, file, pointer, errors);
}

void
PolicyRegistry::CheckTransmissionPolicy(const std::string& name, const nlohmann::json& parameters,
                                        const std::string& file, const std::string& pointer,
                                        std::vector<std::string>& errors)
{
    nlohmann::json policy = { { "name", name }, { "params", parameters } };
    Complete(Transmissions(), policy, file, pointer, errors);
}

bool
PolicyRegistry::NeedsCalibration(const std::string& name)
{
    const Entry* found = Transmissions().entries.Find(name);
    return found != nullptr && found->description.needsCalibration;
}

std::unique_ptr<ExitPolicy>
PolicyRegistry::MakeExitPolicy(const std::string& name, const nlohmann::json& parameters)
{
    const nlohmann::json policy = Completed(Exits(), name, parameters);
    return Exits().entries.Find(name)->makeExit(policy["params"]);
}

std::unique_ptr<TransmissionPolicy>
PolicyRegistry::MakeTransmissionPolicy(const std::string& name, const nlohmann::json& parameters,
                                       const TransmissionContext& context)
{
    const nlohmann::json policy = Completed(Transmissions(), name, parameters);
    const Entry& entry = *Transmissions().entries.Find(name);
    if (!entry.makeCalibrated)
    {
        return entry.makeTransmission(policy["params"]);
    }
    if (context.calibration == nullptr)
    {
        throw std::invalid_argument("policy \"" + name
                                    + "\" needs a calibration file "
                                      "(policies.transmission.calibration)");
    }
    try
    {
        return entry.makeCalibrated(policy["params"], context);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(name + ": " + e.what());
    }
}

std::string
PolicyRegistry::TableMarkdown()
{
    std::ostringstream out;
    out << "| policy | kind | parameters (default, range) | meaning |\n|---|---|---|---|\n";
    for (const Kind* kind : { &Exits(), &Transmissions() })
    {
        for (const Entry& entry : kind->entries.All())
        {
            std::string parameters;
            for (const auto& key : entry.description.parameters)
            {
                parameters += (parameters.empty() ? "" : "; ") + ParameterText(key);
            }
            out << "| `" << entry.name << "` | " << kind->what << " | "
                << (parameters.empty() ? "—" : parameters) << " | " << entry.description.meaning
                << " |\n";
        }
    }
    return out.str();
}

} // namespace eesim
