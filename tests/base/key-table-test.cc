// The key tables: the one checker of JSON values, defaults filled in, problems at their pointer.
#include "base/key-table.h"

#include <catch2/catch.hpp>

using namespace eesim;
using json = nlohmann::json;

TEST_CASE("each key type accepts its values and explains what it expected")
{
    const KeySpec rate = keys::Number("rate", 1, 0, 10, "");
    CHECK(CheckValue(rate, 10).empty());
    CHECK(CheckValue(rate, 10.5) == "out of range (expected 0 to 10, got 10.5)");
    CHECK(CheckValue(rate, "5") == "expected a number, got \"5\"");
    const KeySpec count = keys::Integer("count", 1, 1, 100, "");
    CHECK(CheckValue(count, 2.5) == "expected an integer, got 2.5");
    CHECK(CheckValue(count, 0) == "out of range (expected 1 to 100, got 0)");
    const KeySpec mode = keys::Text("mode", "a", { "analog", "digital" }, "");
    CHECK(CheckValue(mode, "analgo")
          == "expected one of analog, digital, got \"analgo\" (did you mean \"analog\"?)");
    CHECK(CheckValue(keys::Flag("f", false, ""), 1) == "expected true or false, got 1");
    const KeySpec position = keys::Vector3("p", -1, 1, "");
    CHECK(CheckValue(position, json::array({ 0, 0 }))
          == "expected an array of 3 numbers, got an array");
    CHECK(CheckValue(position, json::array({ 0, 2, 0 }))
          == "out of range (expected -1 to 1, got an array)");
    CHECK(CheckValue(keys::StringList("l", json::array({ "a" }), ""), json::array()).size() > 0);
    CHECK(CheckValue(keys::AnyObject("o", ""), json::array())
          == "expected an object, got an array");
}

TEST_CASE("a per-exit key takes a number or a non-empty list of numbers in range")
{
    const KeySpec threshold = keys::PerExitNumber("threshold", 0.9, 0, 1, "");
    CHECK(CheckValue(threshold, 0.5).empty());
    CHECK(CheckValue(threshold, json::array({ 0.5, 0.7 })).empty());
    CHECK(CheckValue(threshold, json::array({ 0.5, 1.5 }))
          == "out of range (expected 0 to 1, got 1.5)");
    CHECK(CheckValue(threshold, json::array()).rfind("expected a number or one or more", 0) == 0);
    CHECK(KeyTypeName(threshold) == "number or list per exit");
}

TEST_CASE("completing an object fills defaults at every depth and reports every problem")
{
    const KeyTable table = {
        keys::Number("a", 1, 0, 10, ""),
        keys::Text("inner.mode", "x", {}, ""),
        keys::Text("items[].name", nullptr, {}, ""),
        keys::Integer("items[].size", 3, 0, 9, ""),
        keys::Text("list[].name", nullptr, {}, ""),
    };
    json object = json::parse(R"({"items": [{"name": "n"}, {"size": 12, "nmae": "x"}]})");
    std::vector<std::string> errors;
    CompleteObject(table, object, "", "", "f.json", errors, { "items" });
    CHECK(object["a"] == 1);
    CHECK(object["inner"]["mode"] == "x");
    CHECK(object["items"][0]["size"] == 3);
    CHECK(object["list"] == json::array()); // an optional array defaults to []
    REQUIRE(errors.size() == 3);
    CHECK(errors[0] == "f.json: /items/1/nmae: unknown key (did you mean \"name\"?)");
    CHECK(errors[1] == "f.json: /items/1/name: missing (required)");
    CHECK(errors[2] == "f.json: /items/1/size: out of range (expected 0 to 9, got 12)");

    json empty = json::object();
    errors.clear();
    CompleteObject(table, empty, "", "", "f.json", errors, { "items" });
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "f.json: /items: expected a non-empty array of objects (missing)");
}

TEST_CASE("a value written out equal to its default always validates")
{
    const KeyTable table = {
        keys::Number("a", 1, 0, 10, ""),
        keys::Vector3("p", -5, 5, ""),
        keys::Flag("f", true, ""),
        keys::Text("t", "x", { "x", "y" }, ""),
        keys::StringList("s", json::array({ "u" }), ""),
        keys::PerExitNumber("e", 0.5, 0, 1, ""),
        keys::NumberList("segment_flops", {}, 1, 1e15, ""), // [] = "not given"
    };
    for (const KeySpec& key : table)
    {
        INFO(key.path);
        CHECK(CheckValue(key, key.defaultValue).empty());
    }
}

TEST_CASE("the Markdown table lists type, default, range and meaning")
{
    const std::string markdown
        = KeyTableMarkdown({ keys::Number("rate_per_s", 10, 0.5, 100, "mean request rate") });
    CHECK(markdown.find("| `rate_per_s` | number | `10.0` | 0.5 – 100 | mean request rate |")
          != std::string::npos);
}

TEST_CASE("a key of one alternative is filled in and accepted only where its selector chooses it")
{
    KeySpec factors = keys::NumberList("fluctuation.factors", { 1.0, 0.5 }, 0, 10, "");
    factors.selectorKey = "model";
    factors.selectorValues = { "markov" };
    const KeyTable table = { keys::Text("fluctuation.model", "constant", {}, ""), factors };
    json markov = json::parse(R"({"fluctuation": {"model": "markov"}})");
    std::vector<std::string> errors;
    CompleteObject(table, markov, "", "", "f.json", errors);
    CHECK(errors.empty());
    CHECK(markov["fluctuation"]["factors"] == json::array({ 1.0, 0.5 }));

    json constant = json::object();
    CompleteObject(table, constant, "", "", "f.json", errors);
    CHECK(errors.empty());
    CHECK(constant == json::parse(R"({"fluctuation": {"model": "constant"}})"));

    json stray = json::parse(R"({"fluctuation": {"factors": [2]}})");
    CompleteObject(table, stray, "", "", "f.json", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]
          == "f.json: /fluctuation/factors: applies only when model is \"markov\" (here model is "
             "\"constant\")");
}

TEST_CASE("a key that omits its default stays out of the complete document, said or not")
{
    KeySpec format = keys::Text("data.format", "plain", { "plain", "packed", "zipped" }, "");
    format.omitDefault = true;
    KeySpec level = keys::Integer("data.level", 6, 1, 9, "");
    level.selectorKey = "format";
    level.selectorValues = { "packed", "zipped" };
    const KeyTable table = { format, level };
    std::vector<std::string> errors;
    // Absent or given as the default: the same complete document, so the same scenario hash.
    json absent = json::object();
    json given = json::parse(R"({"data": {"format": "plain"}})");
    CompleteObject(table, absent, "", "", "f.json", errors);
    CompleteObject(table, given, "", "", "f.json", errors);
    CHECK(errors.empty());
    // An object left empty goes too: said or not, it reads the same.
    CHECK(absent == json::object());
    CHECK(given == absent);
    CHECK(ValueOrDefault(table, "data.format", absent.value("data", json::object())) == "plain");
    // A key of several alternatives is filled in for each of them.
    json zipped = json::parse(R"({"data": {"format": "zipped"}})");
    CompleteObject(table, zipped, "", "", "f.json", errors);
    CHECK(errors.empty());
    CHECK(zipped["data"]["level"] == 6);
    CHECK(ValueOrDefault(table, "data.format", zipped["data"]) == "zipped");
    // The selector's omitted default is what the message names.
    json stray = json::parse(R"({"data": {"level": 3}})");
    CompleteObject(table, stray, "", "", "f.json", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]
          == "f.json: /data/level: applies only when format is \"packed\" or \"zipped\" (here "
             "format is \"plain\")");
}
