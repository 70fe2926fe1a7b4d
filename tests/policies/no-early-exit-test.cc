// `none`, made by name from the registry (its own file registers it).
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::AtExit;

TEST_CASE("exit policy none never exits early, however sure the exit is")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("none", nullptr);
    CHECK_FALSE(policy->ShouldExit(AtExit(0, { 1.0, 0.0 })));
    CHECK_FALSE(policy->ShouldExit(AtExit(2, { 0.5, 0.5 }, { { 1, 0 }, { 1, 0 } })));
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("none", { { "threshold", 0.5 } }),
                      "exit policy: /params/threshold: unknown key");
}
