// The registry: what the policy files registered, and how it checks a policy's parameters.
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

std::vector<std::string>
Names(const std::vector<PolicyDescription>& all)
{
    std::vector<std::string> names;
    for (const auto& description : all)
    {
        names.push_back(description.name);
    }
    return names;
}

/** Every problem the validator finds with a scenario's policy of this kind. */
std::vector<std::string>
Problems(bool exit, const std::string& name, const nlohmann::json& params)
{
    std::vector<std::string> errors;
    if (exit)
    {
        PolicyRegistry::CheckExitPolicy(name, params, "s.json", "/policies/exit", errors);
    }
    else
    {
        PolicyRegistry::CheckTransmissionPolicy(name, params, "s.json", "/policies/transmission",
                                                errors);
    }
    return errors;
}

} // namespace

// The tripwire for the linker: every policy registers itself from a file nothing else refers
// to, so a shipped policy whose object file was left out of the link is missing here. (A subset
// check: a new policy adds itself without editing this list.)
TEST_CASE("every shipped policy file's registrations reach the executable")
{
    const auto exit = Names(PolicyRegistry::ExitPolicies());
    for (const char* name : { "confidence", "deadline-aware", "entropy", "feature-difference",
                              "margin", "none", "patience" })
    {
        INFO(name);
        CHECK(std::count(exit.begin(), exit.end(), name) == 1);
    }
    const auto transmission = Names(PolicyRegistry::TransmissionPolicies());
    for (const char* name : { "always-transmit", "confidence", "entropy", "learned",
                              "never-transmit", "oracle", "snr-aware" })
    {
        INFO(name);
        CHECK(std::count(transmission.begin(), transmission.end(), name) == 1);
    }
}

TEST_CASE("every policy has a description and parameters with meanings and defaults in range")
{
    auto all = PolicyRegistry::ExitPolicies();
    const auto transmission = PolicyRegistry::TransmissionPolicies();
    all.insert(all.end(), transmission.begin(), transmission.end());
    for (const auto& policy : all)
    {
        INFO(policy.name);
        CHECK(policy.meaning.size() > 20);
        for (const auto& key : policy.parameters)
        {
            INFO(key.path);
            CHECK(!key.meaning.empty());
            CHECK(key.path.find_first_of(".[") == std::string::npos); // one level per table
            REQUIRE(!key.defaultValue.is_null());
            CHECK(CheckValue(key, key.defaultValue).empty());
        }
    }
}

TEST_CASE("every policy can be made from its defaults alone")
{
    const Calibration c = test::CraftedCalibration();
    for (const auto& policy : PolicyRegistry::ExitPolicies())
    {
        INFO(policy.name);
        CHECK(PolicyRegistry::MakeExitPolicy(policy.name, nlohmann::json::object()) != nullptr);
        CHECK(Problems(true, policy.name, nlohmann::json::object()).empty());
    }
    for (const auto& policy : PolicyRegistry::TransmissionPolicies())
    {
        INFO(policy.name);
        CHECK(PolicyRegistry::MakeTransmissionPolicy(policy.name, nlohmann::json::object(),
                                                     { &c, "analog" })
              != nullptr);
        CHECK(Problems(false, policy.name, nlohmann::json::object()).empty());
    }
}

TEST_CASE("the shipped policies that read a calibration say so, and the others do not")
{
    for (const auto& description : PolicyRegistry::TransmissionPolicies())
    {
        INFO(description.name);
        CHECK(PolicyRegistry::NeedsCalibration(description.name) == description.needsCalibration);
    }
    for (const char* name : { "snr-aware", "learned" })
    {
        CHECK(PolicyRegistry::NeedsCalibration(name));
    }
    for (const char* name :
         { "always-transmit", "never-transmit", "confidence", "entropy", "oracle" })
    {
        CHECK_FALSE(PolicyRegistry::NeedsCalibration(name));
    }
    CHECK_FALSE(PolicyRegistry::NeedsCalibration("telepathy"));
    for (const char* name : { "snr-aware", "learned" })
    {
        // The validator checks name and parameters before it has loaded any calibration.
        CHECK(Problems(false, name, nlohmann::json::object()).empty());
    }
}

TEST_CASE("the registry refuses unknown names with the names it knows")
{
    // The names listed are the registered ones, in name order.
    std::string exitNames;
    for (const auto& name : Names(PolicyRegistry::ExitPolicies()))
    {
        exitNames += (exitNames.empty() ? "" : ", ") + name;
    }
    CHECK(Problems(true, "confidance", nlohmann::json::object())
          == std::vector<std::string>{ "s.json: /policies/exit/name: expected one of " + exitNames
                                       + ", got \"confidance\" (did you mean \"confidence\"?)" });
    const auto transmission = Problems(false, "telepathy", nlohmann::json::object());
    REQUIRE(transmission.size() == 1);
    CHECK_THAT(transmission[0],
               Catch::StartsWith("s.json: /policies/transmission/name: expected one of "
                                 "always-transmit, ")
                   && Catch::EndsWith(", got \"telepathy\""));
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("greedy", nullptr),
                      Catch::StartsWith("exit policy: /name: expected one of confidence,"));
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("telepathy", nullptr),
                      Catch::StartsWith("transmission policy: /name: expected one of "));
}

TEST_CASE("the registry reports every parameter problem at once, each at its pointer")
{
    CHECK(Problems(true, "confidence", { { "treshold", 0.5 }, { "patience", 2 } })
          == std::vector<std::string>{ "s.json: /policies/exit/params/patience: unknown key",
                                       "s.json: /policies/exit/params/treshold: unknown key (did "
                                       "you mean \"threshold\"?)" });
    CHECK(Problems(false, "snr-aware", { { "margin", 1.5 } })
          == std::vector<std::string>{ "s.json: /policies/transmission/params/margin: out of "
                                       "range (expected -1 to 1, got 1.5)" });
    CHECK(Problems(true, "entropy", nlohmann::json::array())
          == std::vector<std::string>{
              "s.json: /policies/exit/params: expected an object, got an array" });
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeExitPolicy("deadline-aware",
                                       { { "safety_factor", -1 }, { "inner", { { "name", 3 } } } }),
        "exit policy: /params/safety_factor: out of range (expected 0 to 100, got -1)\n"
        "exit policy: /params/inner/name: expected a string, got 3");
}

TEST_CASE("checking a scenario's policy leaves its parameters as written")
{
    const nlohmann::json params = { { "inner", { { "name", "margin" } } } };
    const nlohmann::json before = params;
    CHECK(Problems(true, "deadline-aware", params).empty());
    CHECK(params == before);
    nlohmann::json policy = { { "name", "deadline-aware" }, { "params", params } };
    std::vector<std::string> errors;
    PolicyRegistry::CompleteExitPolicy(policy, "s.json", "/p", errors);
    CHECK(errors.empty());
    CHECK(policy["params"]["safety_factor"] == 1.0);
    CHECK(policy["params"]["inner"]["params"]["threshold"] == 0.5); // margin's default
}

TEST_CASE("a name registers once per kind")
{
    const auto make = [](const nlohmann::json&) { return std::unique_ptr<ExitPolicy>(); };
    CHECK_THROWS_WITH(PolicyRegistry::AddExitPolicy("none", "a second none", {}, make),
                      "exit policy \"none\" is registered twice");
    const auto before = PolicyRegistry::ExitPolicies().size();
    CHECK_THROWS(PolicyRegistry::AddExitPolicy("none", "a third none", {}, make));
    CHECK(PolicyRegistry::ExitPolicies().size() == before);
}

TEST_CASE("the policy table has a row for every registered policy, with its parameters")
{
    const std::string table = PolicyRegistry::TableMarkdown();
    for (const auto& policy : PolicyRegistry::ExitPolicies())
    {
        CHECK_THAT(table, Catch::Contains("| `" + policy.name + "` | exit | "));
    }
    for (const auto& policy : PolicyRegistry::TransmissionPolicies())
    {
        CHECK_THAT(table, Catch::Contains("| `" + policy.name + "` | transmission | "));
    }
    CHECK_THAT(table, Catch::Contains("| `patience` | exit | `patience` (2, 1 – 64): exits that "
                                      "must agree | "));
    CHECK_THAT(table, Catch::Contains("`threshold` (0.9, 0 – 1): top-1 probability needed to exit "
                                      "(a list sets one value per exit)"));
    CHECK_THAT(table, Catch::Contains("`inner` (`{\"name\":\"none\"}`): inner exit policy"));
}
