// The margin transmission policy: keep the early answer when its top two are far apart.
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::BeforeLink;

TEST_CASE("transmission policy margin transmits when top-1 minus top-2 is below its threshold")
{
    const auto policy = PolicyRegistry::MakeTransmissionPolicy("margin", nullptr); // 0.5
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.6, 0.3, 0.1 })));                  // margin 0.3
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.75, 0.2, 0.05 })));          // margin 0.55
    const auto strict = PolicyRegistry::MakeTransmissionPolicy("margin", { { "threshold", 0.9 } });
    CHECK(strict->ShouldTransmit(BeforeLink({ 0.94, 0.06 })));       // margin 0.88
    CHECK_FALSE(strict->ShouldTransmit(BeforeLink({ 0.96, 0.04 }))); // margin 0.92
    CHECK_FALSE(PolicyRegistry::NeedsCalibration("margin"));
}
