// feature-difference (DistrEE-style) on crafted distributions.
#include "policies/feature-difference-exit.h"
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::AtExit;

TEST_CASE("feature-difference compares with the previous exit by total variation")
{
    CHECK(FeatureDifferenceExit::TotalVariation({ 0.5, 0.5 }, { 0.7, 0.3 }) == Approx(0.2));
    CHECK(FeatureDifferenceExit::TotalVariation({ 1, 0 }, { 0, 1 }) == Approx(1.0));
    CHECK_THROWS(FeatureDifferenceExit::TotalVariation({ 1, 0 }, { 1, 0, 0 }));
    const auto policy
        = PolicyRegistry::MakeExitPolicy("feature-difference", { { "threshold", 0.1 } });
    CHECK_FALSE(policy->ShouldExit(AtExit(0, { 1.0, 0.0 }))); // nothing to compare with
    CHECK(policy->ShouldExit(AtExit(1, { 0.8, 0.2 }, { { 0.75, 0.25 } })));     // TV 0.05
    CHECK_FALSE(policy->ShouldExit(AtExit(1, { 0.8, 0.2 }, { { 0.6, 0.4 } }))); // TV 0.2
    CHECK(policy->ShouldExit(AtExit(2, { 0.5, 0.5 }, { { 0.0, 1.0 }, { 0.45, 0.55 } })));
}

TEST_CASE("feature-difference takes one threshold per exit, and 0.05 by default")
{
    // Exit k reads the k-th value: 0.1 at exit 1, 0.3 at exit 2.
    const auto perExit = PolicyRegistry::MakeExitPolicy("feature-difference",
                                                        { { "threshold", { 0.0, 0.1, 0.3 } } });
    CHECK_FALSE(perExit->ShouldExit(AtExit(1, { 0.8, 0.2 }, { { 0.6, 0.4 } })));         // 0.2
    CHECK(perExit->ShouldExit(AtExit(2, { 0.8, 0.2 }, { { 0.0, 1.0 }, { 0.6, 0.4 } }))); // 0.2
    const auto fallback = PolicyRegistry::MakeExitPolicy("feature-difference", nullptr);
    CHECK(fallback->ShouldExit(AtExit(1, { 0.8, 0.2 }, { { 0.76, 0.24 } })));       // TV 0.04
    CHECK_FALSE(fallback->ShouldExit(AtExit(1, { 0.8, 0.2 }, { { 0.74, 0.26 } }))); // TV 0.06
}
