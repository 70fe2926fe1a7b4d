// deadline-aware: the deadline rule, and its inner policy checked at every depth.
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::AtExit;

namespace
{

std::unique_ptr<ExitPolicy>
Make(const nlohmann::json& params)
{
    return PolicyRegistry::MakeExitPolicy("deadline-aware", params);
}

/** Every problem the validator finds in a scenario's exit policy "deadline-aware" with `params`.
 */
std::vector<std::string>
Problems(const nlohmann::json& params)
{
    std::vector<std::string> errors;
    PolicyRegistry::CheckExitPolicy("deadline-aware", params, "s.json", "/policies/exit", errors);
    return errors;
}

} // namespace

TEST_CASE("deadline-aware exits when the next exit would be late, else asks its inner policy")
{
    const auto policy
        = Make({ { "inner", { { "name", "confidence" }, { "params", { { "threshold", 0.9 } } } } },
                 { "safety_factor", 1.5 } });
    ExitObservation o = AtExit(0, { 0.6, 0.4 });
    CHECK_FALSE(policy->ShouldExit(o)); // no deadline: the inner policy says continue
    o.deadlineSeconds = 0.100;
    o.elapsedSeconds = 0.050;
    o.predictedNextExitSeconds = 0.030; // 0.050 + 1.5 x 0.030 = 0.095 <= 0.100
    CHECK_FALSE(policy->ShouldExit(o));
    o.predictedNextExitSeconds = 0.040; // 0.050 + 0.060 > 0.100
    CHECK(policy->ShouldExit(o));
    CHECK(policy->ShouldExit(AtExit(0, { 0.95, 0.05 }))); // the inner policy
}

TEST_CASE("deadline-aware without an inner policy runs to the final exit unless late")
{
    const auto policy = Make(nullptr); // inner none, safety factor 1
    ExitObservation o = AtExit(0, { 1.0, 0.0 });
    CHECK_FALSE(policy->ShouldExit(o));
    o.deadlineSeconds = 0.100;
    o.elapsedSeconds = 0.050;
    o.predictedNextExitSeconds = 0.050; // 0.100, not above the deadline
    CHECK_FALSE(policy->ShouldExit(o));
    o.predictedNextExitSeconds = 0.051;
    CHECK(policy->ShouldExit(o));
}

TEST_CASE("deadline-aware refuses itself and unknown policies as its inner policy")
{
    CHECK_THROWS_WITH(Make({ { "inner", { { "name", "deadline-aware" } } } }),
                      "exit policy: /params/inner/name: deadline-aware cannot wrap itself");
    CHECK_THROWS_WITH(Make({ { "inner", { { "name", "greedy" } } } }),
                      Catch::StartsWith("exit policy: /params/inner/name: expected one of ")
                          && Catch::EndsWith(", got \"greedy\""));
    CHECK_THROWS_WITH(Make({ { "inner", "confidence" } }),
                      "exit policy: /params/inner: expected an object, got \"confidence\"");
    CHECK_THROWS_WITH(Make({ { "inner", { { "params", nlohmann::json::object() } } } }),
                      "exit policy: /params/inner/name: missing (required)");
}

TEST_CASE("a typo inside deadline-aware's inner policy is an error at its pointer")
{
    CHECK(
        Problems(
            { { "inner", { { "name", "confidence" }, { "parms", { { "threshold", 0.8 } } } } } })
        == std::vector<std::string>{
            "s.json: /policies/exit/params/inner/parms: unknown key (did you mean \"params\"?)" });
    CHECK(Problems(
              { { "inner", { { "name", "confidence" }, { "params", { { "treshold", 0.8 } } } } } })
          == std::vector<std::string>{ "s.json: /policies/exit/params/inner/params/treshold: "
                                       "unknown key (did you mean \"threshold\"?)" });
    CHECK(Problems({ { "inner", { { "name", "patience" }, { "params", { { "patience", 99 } } } } },
                     { "safety_factr", 2 } })
          == std::vector<std::string>{ "s.json: /policies/exit/params/safety_factr: unknown key "
                                       "(did you mean \"safety_factor\"?)",
                                       "s.json: /policies/exit/params/inner/params/patience: out "
                                       "of range (expected 1 to 64, got 99)" });
    CHECK(Problems({ { "inner", { { "name", "confidense" } } } })
          == std::vector<std::string>{
              "s.json: /policies/exit/params/inner/name: expected one of confidence, "
              "deadline-aware, entropy, feature-difference, margin, none, patience, got "
              "\"confidense\" (did you mean \"confidence\"?)" });
    CHECK(
        Problems({ { "inner", { { "name", "patience" }, { "params", { { "patience", 99 } } } } } })
        == std::vector<std::string>{ "s.json: /policies/exit/params/inner/params/patience: out "
                                     "of range (expected 1 to 64, got 99)" });
    CHECK(Problems({ { "inner", { { "name", "margin" } } }, { "safety_factor", 2 } }).empty());
}
