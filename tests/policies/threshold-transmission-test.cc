// The confidence and entropy transmission policies: one class under two names.
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::BeforeLink;

TEST_CASE("transmission policy confidence transmits below its threshold")
{
    const auto policy = PolicyRegistry::MakeTransmissionPolicy("confidence", nullptr); // 0.9
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.89, 0.11 })));
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.9, 0.1 })));
    const auto confident
        = PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", 0.6 } });
    CHECK(confident->ShouldTransmit(BeforeLink({ 0.55, 0.45 })));
    CHECK_FALSE(confident->ShouldTransmit(BeforeLink({ 0.6, 0.4 })));
}

TEST_CASE("transmission policy entropy transmits above its threshold")
{
    const auto policy = PolicyRegistry::MakeTransmissionPolicy("entropy", { { "threshold", 0.5 } });
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.97, 0.01, 0.01, 0.01 }))); // H/log4 = 0.12
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.4, 0.3, 0.2, 0.1 })));           // H/log4 = 0.92
    const auto fallback = PolicyRegistry::MakeTransmissionPolicy("entropy", nullptr); // 0.2
    CHECK(fallback->ShouldTransmit(BeforeLink({ 0.95, 0.05 })));       // H/log2 = 0.286
    CHECK_FALSE(fallback->ShouldTransmit(BeforeLink({ 0.99, 0.01 }))); // H/log2 = 0.081
}

TEST_CASE("transmission thresholds are one number from 0 to 1, not one per exit")
{
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", 1.5 } }),
        "transmission policy: /params/threshold: out of range (expected 0 to 1, got 1.5)");
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeTransmissionPolicy("entropy", { { "threshold", { 0.1, 0.2 } } }),
        "transmission policy: /params/threshold: expected a number, got an array");
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", "high" } }),
        "transmission policy: /params/threshold: expected a number, got \"high\"");
}
