// never-transmit, made by name from the registry (its own file registers it).
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::BeforeLink;

TEST_CASE("never-transmit answers every request with the early exit")
{
    const auto policy = PolicyRegistry::MakeTransmissionPolicy("never-transmit", nullptr);
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.1, 0.9 }, 30)));
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.5, 0.5 })));
    CHECK_FALSE(policy->NeedsOutcomes());
}
