// patience (PABEE-style) on crafted predictions.
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::AtExit;

TEST_CASE("patience exits when the last k exits agree")
{
    auto make = [](int patience) {
        return PolicyRegistry::MakeExitPolicy("patience", { { "patience", patience } });
    };
    const auto two = make(2);
    CHECK_FALSE(two->ShouldExit(AtExit(0, { 0.9, 0.1 })));
    CHECK(two->ShouldExit(AtExit(1, { 0.6, 0.4 }, { { 0.9, 0.1 } })));
    CHECK_FALSE(two->ShouldExit(AtExit(1, { 0.4, 0.6 }, { { 0.9, 0.1 } })));
    const auto three = make(3);
    CHECK_FALSE(three->ShouldExit(AtExit(2, { 0.6, 0.4 }, { { 0.1, 0.9 }, { 0.9, 0.1 } })));
    CHECK(three->ShouldExit(AtExit(2, { 0.6, 0.4 }, { { 0.8, 0.2 }, { 0.9, 0.1 } })));
    CHECK(make(1)->ShouldExit(AtExit(0, { 0.2, 0.8 })));
}

TEST_CASE("patience is a whole number of exits from 1 to 64, 2 by default")
{
    const auto fallback = PolicyRegistry::MakeExitPolicy("patience", nullptr);
    CHECK(fallback->ShouldExit(AtExit(1, { 0.6, 0.4 }, { { 0.9, 0.1 } })));
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("patience", { { "patience", 2.5 } }),
                      "exit policy: /params/patience: expected an integer, got 2.5");
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("patience", { { "patience", 0 } }),
                      "exit policy: /params/patience: out of range (expected 1 to 64, got 0)");
}
