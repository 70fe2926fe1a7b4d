// The DistrEE-era exit policies on crafted distributions.
#include "policies/feature-difference-exit.h"
#include "policies/policy-registry.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

namespace
{

ExitObservation
At(int exit, std::vector<double> p, std::vector<std::vector<double>> history = {})
{
    ExitObservation o;
    o.exitIndex = exit;
    o.exitCount = 4;
    o.statistics = ExitStatistics::FromProbabilities(p);
    o.probabilities = std::move(p);
    o.history = std::move(history);
    return o;
}

std::unique_ptr<ExitPolicy>
Make(const std::string& name, const nlohmann::json& params)
{
    return PolicyRegistry::MakeExitPolicy(name, params);
}

} // namespace

TEST_CASE("confidence thresholds may differ per exit, the last one repeating")
{
    const auto policy = Make("confidence", { { "threshold", { 0.99, 0.8 } } });
    CHECK_FALSE(policy->ShouldExit(At(0, { 0.9, 0.1 })));
    CHECK(policy->ShouldExit(At(1, { 0.9, 0.1 })));
    CHECK(policy->ShouldExit(At(2, { 0.85, 0.15 }))); // exit 2 uses the last value, 0.8
    CHECK_THROWS_WITH(Make("confidence", { { "threshold", nlohmann::json::array() } }),
                      Catch::Contains("one or more values"));
}

TEST_CASE("entropy exits at low normalised entropy")
{
    const auto policy = Make("entropy", { { "threshold", 0.5 } });
    CHECK(policy->ShouldExit(At(0, { 0.97, 0.01, 0.01, 0.01 })));   // H/log4 = 0.12
    CHECK_FALSE(policy->ShouldExit(At(0, { 0.4, 0.3, 0.2, 0.1 }))); // H/log4 = 0.92
    CHECK_FALSE(policy->ShouldExit(At(0, { 0.75, 0.25 })));         // H/log2 = 0.811
    CHECK(policy->ShouldExit(At(0, { 0.95, 0.05 })));               // H/log2 = 0.286
}

TEST_CASE("margin exits when top-1 leads top-2 by the threshold")
{
    const auto policy = Make("margin", { { "threshold", 0.3 } });
    CHECK(policy->ShouldExit(At(0, { 0.6, 0.3, 0.1 })));
    CHECK_FALSE(policy->ShouldExit(At(0, { 0.5, 0.4, 0.1 })));
}

TEST_CASE("feature-difference compares with the previous exit by total variation")
{
    CHECK(FeatureDifferenceExit::TotalVariation({ 0.5, 0.5 }, { 0.7, 0.3 }) == Approx(0.2));
    CHECK(FeatureDifferenceExit::TotalVariation({ 1, 0 }, { 0, 1 }) == Approx(1.0));
    const auto policy = Make("feature-difference", { { "threshold", 0.1 } });
    CHECK_FALSE(policy->ShouldExit(At(0, { 1.0, 0.0 })));               // nothing to compare with
    CHECK(policy->ShouldExit(At(1, { 0.8, 0.2 }, { { 0.75, 0.25 } }))); // TV 0.05
    CHECK_FALSE(policy->ShouldExit(At(1, { 0.8, 0.2 }, { { 0.6, 0.4 } }))); // TV 0.2
    CHECK(policy->ShouldExit(At(2, { 0.5, 0.5 }, { { 0.0, 1.0 }, { 0.45, 0.55 } })));
}

TEST_CASE("patience exits when the last k exits agree")
{
    const auto two = Make("patience", { { "patience", 2 } });
    CHECK_FALSE(two->ShouldExit(At(0, { 0.9, 0.1 })));
    CHECK(two->ShouldExit(At(1, { 0.6, 0.4 }, { { 0.9, 0.1 } })));
    CHECK_FALSE(two->ShouldExit(At(1, { 0.4, 0.6 }, { { 0.9, 0.1 } })));
    const auto three = Make("patience", { { "patience", 3 } });
    CHECK_FALSE(three->ShouldExit(At(2, { 0.6, 0.4 }, { { 0.1, 0.9 }, { 0.9, 0.1 } })));
    CHECK(three->ShouldExit(At(2, { 0.6, 0.4 }, { { 0.8, 0.2 }, { 0.9, 0.1 } })));
    CHECK(Make("patience", { { "patience", 1 } })->ShouldExit(At(0, { 0.2, 0.8 })));
    CHECK_THROWS_WITH(Make("patience", { { "patience", 2.5 } }), Catch::Contains("whole number"));
}

TEST_CASE("deadline-aware exits when the next exit would be late, else asks its inner policy")
{
    const auto policy
        = Make("deadline-aware",
               { { "inner", { { "name", "confidence" }, { "params", { { "threshold", 0.9 } } } } },
                 { "safety_factor", 1.5 } });
    ExitObservation o = At(0, { 0.6, 0.4 });
    CHECK_FALSE(policy->ShouldExit(o)); // no deadline: the inner policy says continue
    o.deadlineSeconds = 0.100;
    o.elapsedSeconds = 0.050;
    o.predictedNextExitSeconds = 0.030; // 0.050 + 1.5 x 0.030 = 0.095 <= 0.100
    CHECK_FALSE(policy->ShouldExit(o));
    o.predictedNextExitSeconds = 0.040; // 0.050 + 0.060 > 0.100
    CHECK(policy->ShouldExit(o));
    ExitObservation confident = At(0, { 0.95, 0.05 });
    CHECK(policy->ShouldExit(confident)); // the inner policy
    CHECK_THROWS_WITH(Make("deadline-aware", { { "inner", { { "name", "deadline-aware" } } } }),
                      Catch::Contains("cannot wrap itself"));
    CHECK_THROWS_WITH(Make("deadline-aware", { { "inner", { { "name", "greedy" } } } }),
                      Catch::Contains("inner: unknown exit policy"));
}
