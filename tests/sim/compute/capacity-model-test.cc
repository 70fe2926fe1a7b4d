// The capacity models' registrations: every model is listed, and the scenario's key table and
// its choices of nodes[].fluctuation.model come from them.
#include "sim/compute/capacity-model.h"
#include "sim/scenario/scenario-schema.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace eesim;

TEST_CASE("the capacity registry lists every model, by name, each with a meaning and a loader")
{
    // The shipped models, each registered from its own file (none dropped by the linker); a
    // model added later joins the list without changing this test.
    for (const char* name : { "constant", "lognormal-ar1", "markov", "trace" })
    {
        CHECK(CapacityModelRegistry::Global().Find(name) != nullptr);
    }
    const std::vector<std::string> names = CapacityModelRegistry::Global().Names();
    CHECK(std::is_sorted(names.begin(), names.end()));
    CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
    for (const CapacityModel& model : CapacityModelRegistry::Global().All())
    {
        INFO(model.name);
        CHECK(!model.meaning.empty());
        CHECK(model.load);
    }
}

TEST_CASE("the scenario key table holds each capacity model's keys, and picks among the models")
{
    const KeySpec* choice = FindKey(ScenarioKeys(), "nodes[].fluctuation.model");
    REQUIRE(choice != nullptr);
    CHECK(choice->choices == CapacityModelRegistry::Global().Names());
    CHECK(choice->defaultValue == "constant");
    int keys = 0;
    for (const CapacityModel& model : CapacityModelRegistry::Global().All())
    {
        for (const KeySpec& key : model.keys)
        {
            INFO(model.name + ": " + key.path);
            const KeySpec* listed = FindKey(ScenarioKeys(), "nodes[].fluctuation." + key.path);
            REQUIRE(listed != nullptr);
            CHECK(listed->type == key.type);
            CHECK(listed->defaultValue == key.defaultValue);
            CHECK(listed->minimum == key.minimum);
            CHECK(listed->maximum == key.maximum);
            CHECK(listed->meaning == model.name + ": " + key.meaning);
            ++keys;
        }
    }
    CHECK(keys >= 8); // markov 2, lognormal-ar1 4, trace 2
    // Nothing else lives under fluctuation: the model key and the models' keys.
    int fluctuationKeys = 0;
    for (const KeySpec& key : ScenarioKeys())
    {
        fluctuationKeys += key.path.rfind("nodes[].fluctuation.", 0) == 0 ? 1 : 0;
    }
    CHECK(fluctuationKeys == keys + 1);
}

TEST_CASE("the key listing (--list-keys) describes every capacity model")
{
    const std::string markdown = ScenarioKeysMarkdown();
    for (const CapacityModel& model : CapacityModelRegistry::Global().All())
    {
        CHECK_THAT(markdown, Catch::Contains("| `" + model.name + "` | "));
        CHECK_THAT(markdown, Catch::Contains(model.meaning));
    }
    CHECK_THAT(markdown, Catch::Contains("| `markov` | `factors`, `mean_dwell_s` | "));
}
