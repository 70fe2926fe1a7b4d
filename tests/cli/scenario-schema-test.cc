// The scenario JSON Schema: the committed copy is what `eesim validate --schema` prints, every
// shipped scenario names it, and the "$schema" key it adds changes nothing about a run.
// (tests/scripts/test_scenario_schema.py checks the schema itself with an independent validator.)
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

using namespace eesim::test;

namespace
{

const std::string kScenarios = std::string(EESIM_SOURCE_DIR) + "/scenarios/";
const char* const kShipped[] = { "distree-3dev", "distree-resnet", "quickstart", "stress-50dev",
                                 "td-awgn",      "td-fading",      "td-mobility" };

std::string
HashOf(const Result& validated)
{
    std::smatch match;
    REQUIRE(std::regex_search(validated.output, match, std::regex("scenario hash ([0-9a-f]{16})")));
    return match[1];
}

} // namespace

TEST_CASE("the committed scenario schema is what validate --schema prints")
{
    const Result schema = Run("validate --schema");
    REQUIRE(schema.exitCode == 0);
    INFO("regenerate: eesim validate --schema > scenarios/eesim-scenario.schema.json");
    CHECK(schema.output == ReadFile(kScenarios + "eesim-scenario.schema.json"));
    const nlohmann::json parsed = nlohmann::json::parse(schema.output);
    CHECK(parsed["$schema"] == "https://json-schema.org/draft/2020-12/schema");
}

TEST_CASE("every shipped scenario names the schema, and the key changes neither check nor hash")
{
    TempDir dir;
    for (const char* name : kShipped)
    {
        INFO(name);
        nlohmann::json document = nlohmann::json::parse(ReadFile(kScenarios + name + ".json"));
        CHECK(document["$schema"] == "./eesim-scenario.schema.json");
        // Copies elsewhere, the files they name made absolute: with the key and without.
        document["model"] = kScenarios + document["model"].get<std::string>();
        auto& transmission = document["policies"]["transmission"];
        if (!transmission.value("calibration", "").empty())
        {
            transmission["calibration"]
                = kScenarios + transmission["calibration"].get<std::string>();
        }
        std::ofstream(dir.File("with.json")) << document.dump(2);
        document.erase("$schema");
        std::ofstream(dir.File("without.json")) << document.dump(2);
        const Result with = Run("validate " + dir.File("with.json"));
        const Result without = Run("validate " + dir.File("without.json"));
        INFO(with.output << without.output);
        REQUIRE(with.exitCode == 0);
        REQUIRE(without.exitCode == 0);
        CHECK(HashOf(with) == HashOf(without));
    }
}

TEST_CASE("a schema key that is not a string is a one-line error")
{
    const Result result = Run("validate " + kScenarios + "quickstart.json --set '$schema=3'");
    CheckOneLineError(result, "quickstart.json: /$schema: expected a string (the JSON Schema's "
                              "file or URI), got 3");
}
