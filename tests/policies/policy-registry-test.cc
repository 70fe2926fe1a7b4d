// Each policy's decisions on crafted distributions, and the registry's parameter checks.
#include "policies/policy-registry.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

ExitObservation
AtExit(std::vector<double> probabilities)
{
    ExitObservation o;
    o.exitCount = 4;
    o.statistics = ExitStatistics::FromProbabilities(probabilities);
    o.probabilities = std::move(probabilities);
    return o;
}

TransmissionObservation
BeforeLink(std::vector<double> probabilities)
{
    TransmissionObservation o;
    o.statistics = ExitStatistics::FromProbabilities(probabilities);
    o.probabilities = std::move(probabilities);
    return o;
}

} // namespace

TEST_CASE("exit policy none never exits early")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("none", nullptr);
    CHECK_FALSE(policy->ShouldExit(AtExit({ 1.0, 0.0 })));
}

TEST_CASE("exit policy confidence exits at and above its threshold")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("confidence", { { "threshold", 0.8 } });
    CHECK(policy->ShouldExit(AtExit({ 0.8, 0.2 })));
    CHECK(policy->ShouldExit(AtExit({ 0.05, 0.95 })));
    CHECK_FALSE(policy->ShouldExit(AtExit({ 0.7, 0.3 })));
    // Default threshold 0.9.
    const auto fallback = PolicyRegistry::MakeExitPolicy("confidence", nlohmann::json::object());
    CHECK_FALSE(fallback->ShouldExit(AtExit({ 0.85, 0.15 })));
    CHECK(fallback->ShouldExit(AtExit({ 0.9, 0.1 })));
}

TEST_CASE("transmission policies: always, never, and confidence")
{
    const auto always = PolicyRegistry::MakeTransmissionPolicy("always-transmit", nullptr);
    const auto never = PolicyRegistry::MakeTransmissionPolicy("never-transmit", nullptr);
    const auto confident
        = PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", 0.6 } });
    CHECK(always->ShouldTransmit(BeforeLink({ 1.0, 0.0 })));
    CHECK_FALSE(never->ShouldTransmit(BeforeLink({ 0.1, 0.9 })));
    CHECK(confident->ShouldTransmit(BeforeLink({ 0.55, 0.45 })));
    CHECK_FALSE(confident->ShouldTransmit(BeforeLink({ 0.6, 0.4 })));
}

TEST_CASE("the registry rejects unknown names, unknown parameters and bad values")
{
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("greedy", nullptr),
                      Catch::Contains("unknown exit policy \"greedy\"")
                          && Catch::Contains("none, confidence"));
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("confidence", { { "treshold", 0.5 } }),
                      Catch::Contains("treshold: not a parameter"));
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", 1.5 } }),
        Catch::Contains("threshold: expected a number from 0"));
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", "high" } }),
        Catch::Contains("got \"high\""));
}
