// oracle: the upper bound of the TD comparison.
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::BeforeLink;

TEST_CASE("oracle transmits exactly when the server is right and the early exit wrong")
{
    const auto oracle = PolicyRegistry::MakeTransmissionPolicy("oracle", nullptr);
    CHECK(oracle->NeedsOutcomes());
    auto o = BeforeLink({ 0.6, 0.4 }, 10);
    const std::vector<std::pair<bool, bool>> cases
        = { { false, false }, { false, true }, { true, false }, { true, true } };
    for (const auto& [early, server] : cases)
    {
        o.earlyCorrect = early;
        o.serverCorrect = server;
        CHECK(oracle->ShouldTransmit(o) == (!early && server));
    }
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("oracle", { { "threshold", 0.5 } }),
                      "transmission policy: /params/threshold: unknown key");
}

TEST_CASE("only the oracle asks for outcomes")
{
    const Calibration c = test::CraftedCalibration();
    for (const auto& description : PolicyRegistry::TransmissionPolicies())
    {
        INFO(description.name);
        const auto policy
            = PolicyRegistry::MakeTransmissionPolicy(description.name, nullptr, { &c, "analog" });
        CHECK(policy->NeedsOutcomes() == (description.name == "oracle"));
    }
}
