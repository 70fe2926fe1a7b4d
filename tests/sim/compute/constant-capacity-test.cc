// The constant capacity model: factor 1 forever.
#include "sim/compute/constant-capacity.h"
#include "tests/sim/compute/capacity-test-support.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

TEST_CASE("constant capacity never changes")
{
    ConstantCapacity constant;
    CHECK(constant.FactorAt(0.0) == 1.0);
    CHECK(constant.FactorAt(123.0) == 1.0);
    CHECK(std::isinf(constant.NextChangeAfter(0.0)));
    constant.Forget(1e9);
    CHECK(constant.FactorAt(1e9) == 1.0);
}

TEST_CASE("constant capacity: the registered model needs no keys and makes a constant process")
{
    const test::LoadedCapacity loaded = test::LoadCapacity({ { "model", "constant" } });
    CHECK(loaded.problems.empty());
    CHECK(CapacityModelRegistry::Global().Find("constant")->keys.empty());
    auto process = loaded.factory(42);
    CHECK(test::Pieces(*process, 1e6) == std::vector<std::pair<double, double>>{ { 0.0, 1.0 } });
}
