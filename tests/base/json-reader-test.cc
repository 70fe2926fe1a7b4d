// Typed reading of JSON with every problem reported at once, as FILE: /pointer: problem.
#include "base/error.h"
#include "base/json-reader.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim;

namespace
{

/** The message of the Error that Finish() throws, or "" when there is none. */
std::string
FinishMessage(JsonReader& reader)
{
    try
    {
        reader.Finish();
    }
    catch (const Error& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("values within range are read and absent keys take their defaults")
{
    JsonReader reader("c.json", nlohmann::json::parse(R"({"a": 3, "b": {"c": "x", "d": true}})"));
    CHECK(reader.Integer("a", 0, 0, 10) == 3);
    CHECK(reader.Number("missing", 2.5, 0, 10) == 2.5);
    JsonReader b = reader.Object("b");
    CHECK(b.String("c", "") == "x");
    CHECK(b.Boolean("d", false));
    CHECK(FinishMessage(reader).empty());
}

TEST_CASE("every problem is reported at once with its JSON pointer")
{
    JsonReader reader(
        "c.json",
        nlohmann::json::parse(R"({"epochs": -1, "rate": "fast", "nested": {"list": [1, "x"]}})"));
    reader.Integer("epochs", 1, 1, 100);
    reader.Number("rate", 1, 0, 1);
    JsonReader nested = reader.Object("nested");
    nested.NumberArray("list", 0, 10);
    const std::string message = FinishMessage(reader);
    CHECK_THAT(message,
               Catch::Contains("c.json: /epochs: out of range (expected 1 to 100, got -1)"));
    CHECK_THAT(message, Catch::Contains("c.json: /rate: expected a number, got \"fast\""));
    CHECK_THAT(message, Catch::Contains("c.json: /nested/list/1: expected a number, got \"x\""));
}

TEST_CASE("unknown keys are errors with a did-you-mean suggestion")
{
    JsonReader reader("c.json", nlohmann::json::parse(R"({"learning_rat": 0.1, "zzz": 1})"));
    reader.Number("learning_rate", 0.01, 0, 1);
    const std::string message = FinishMessage(reader);
    CHECK_THAT(
        message,
        Catch::Contains("c.json: /learning_rat: unknown key (did you mean \"learning_rate\"?)"));
    CHECK_THAT(message, Catch::Contains("c.json: /zzz: unknown key")
                            && !Catch::Contains("/zzz: unknown key (did"));
}

TEST_CASE("a file that is not JSON names the file and the position")
{
    CHECK_THROWS_WITH(JsonReader::FromFile("/nonexistent.json"), "/nonexistent.json: cannot open");
    CHECK(ClosestMatch("epohcs", { "epochs", "seed" }) == "epochs");
    CHECK(ClosestMatch("completely", { "epochs", "seed" }).empty());
}

TEST_CASE("JSON nested deeper than the limit is refused instead of overflowing the stack")
{
    test::TempDir dir;
    // 200,000 levels: enough to overflow the stack when nlohmann::json copied it.
    const std::size_t deep = 200000;
    std::ofstream(dir.File("deep.json"))
        << "{\"a\": " << std::string(deep, '[') << std::string(deep, ']') << "}";
    CHECK_THROWS_WITH(ParseJsonFile(dir.File("deep.json")),
                      dir.File("deep.json") + ": nested deeper than 100 levels");
    std::ofstream(dir.File("fine.json")) << std::string(50, '[') << std::string(50, ']');
    CHECK(ParseJsonFile(dir.File("fine.json")).is_array());
}
