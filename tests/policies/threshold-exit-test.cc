// confidence, entropy and margin: one class under three names.
#include "policies/policy-registry.h"
#include "policies/threshold-exit.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::AtExit;

TEST_CASE("exit policy confidence exits at and above its threshold")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("confidence", { { "threshold", 0.8 } });
    CHECK(policy->ShouldExit(AtExit(0, { 0.8, 0.2 })));
    CHECK(policy->ShouldExit(AtExit(0, { 0.05, 0.95 })));
    CHECK_FALSE(policy->ShouldExit(AtExit(0, { 0.7, 0.3 })));
    // Default threshold 0.9.
    const auto fallback = PolicyRegistry::MakeExitPolicy("confidence", nlohmann::json::object());
    CHECK_FALSE(fallback->ShouldExit(AtExit(0, { 0.85, 0.15 })));
    CHECK(fallback->ShouldExit(AtExit(0, { 0.9, 0.1 })));
}

TEST_CASE("confidence thresholds may differ per exit, the last one repeating")
{
    const auto policy
        = PolicyRegistry::MakeExitPolicy("confidence", { { "threshold", { 0.99, 0.8 } } });
    CHECK_FALSE(policy->ShouldExit(AtExit(0, { 0.9, 0.1 })));
    CHECK(policy->ShouldExit(AtExit(1, { 0.9, 0.1 })));
    CHECK(policy->ShouldExit(AtExit(2, { 0.85, 0.15 }))); // exit 2 uses the last value, 0.8
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeExitPolicy("confidence", { { "threshold", nlohmann::json::array() } }),
        "exit policy: /params/threshold: expected a number or one or more values per exit, got "
        "an array");
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("margin", { { "threshold", { 0.5, 1.5 } } }),
                      "exit policy: /params/threshold: out of range (expected 0 to 1, got 1.5)");
}

TEST_CASE("exit policy entropy exits at low normalised entropy")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("entropy", { { "threshold", 0.5 } });
    CHECK(policy->ShouldExit(AtExit(0, { 0.97, 0.01, 0.01, 0.01 })));   // H/log4 = 0.12
    CHECK_FALSE(policy->ShouldExit(AtExit(0, { 0.4, 0.3, 0.2, 0.1 }))); // H/log4 = 0.92
    CHECK_FALSE(policy->ShouldExit(AtExit(0, { 0.75, 0.25 })));         // H/log2 = 0.811
    CHECK(policy->ShouldExit(AtExit(0, { 0.95, 0.05 })));               // H/log2 = 0.286
}

TEST_CASE("exit policy margin exits when top-1 leads top-2 by the threshold")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("margin", { { "threshold", 0.3 } });
    CHECK(policy->ShouldExit(AtExit(0, { 0.6, 0.3, 0.1 })));
    CHECK_FALSE(policy->ShouldExit(AtExit(0, { 0.5, 0.4, 0.1 })));
}

TEST_CASE("the three threshold exit policies are the class's three measures")
{
    // At top-1 0.6, top-2 0.3 (entropy 0.82 of 3 classes): each measure against its own scale.
    const ExitObservation o = AtExit(0, { 0.6, 0.3, 0.1 });
    using Measure = ThresholdExit::Measure;
    CHECK(ThresholdExit(Measure::kMaxProbability, { { 0.6 } }).ShouldExit(o));
    CHECK_FALSE(ThresholdExit(Measure::kMaxProbability, { { 0.61 } }).ShouldExit(o));
    CHECK(ThresholdExit(Measure::kMargin, { { 0.3 } }).ShouldExit(o));
    CHECK_FALSE(ThresholdExit(Measure::kNormalizedEntropy, { { 0.8 } }).ShouldExit(o));
    CHECK(ThresholdExit(Measure::kNormalizedEntropy, { { 0.9 } }).ShouldExit(o));
}
