// The registry behind every extension point (policies, capacity models, link types): sorted
// whatever the registration order, and a name registered twice is refused.
#include "base/registry.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

struct Kind
{
    std::string name;
    int value = 0;
};

} // namespace

TEST_CASE("a registry keeps its kinds sorted by name, whatever the order they register in")
{
    Registry<Kind> registry;
    registry.Add({ "markov", 1 });
    registry.Add({ "constant", 2 });
    registry.Add({ "trace", 3 });
    registry.Add({ "lognormal-ar1", 4 });
    CHECK(registry.Names()
          == std::vector<std::string>{ "constant", "lognormal-ar1", "markov", "trace" });
    REQUIRE(registry.Find("trace") != nullptr);
    CHECK(registry.Find("trace")->value == 3);
    CHECK(registry.Find("tracer") == nullptr);
}

TEST_CASE("a registry refuses a name registered twice")
{
    Registry<Kind> registry;
    registry.Add({ "analog", 1 });
    CHECK_THROWS_WITH(registry.Add({ "analog", 2 }), "\"analog\" is registered twice");
    CHECK(registry.All().size() == 1);
    CHECK(registry.Find("analog")->value == 1);
}
