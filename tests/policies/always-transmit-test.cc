// always-transmit, made by name from the registry (its own file registers it).
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::BeforeLink;

TEST_CASE("always-transmit sends every request on, however sure the early exit is")
{
    const auto policy = PolicyRegistry::MakeTransmissionPolicy("always-transmit", nullptr);
    CHECK(policy->ShouldTransmit(BeforeLink({ 1.0, 0.0 }, 30)));
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.5, 0.5 })));
    CHECK_FALSE(policy->NeedsOutcomes());
}
