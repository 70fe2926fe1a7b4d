// Parsing JSON input: what the plain parser would accept silently is refused with its pointer.
#include "base/error.h"
#include "base/json-file.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim;

TEST_CASE("a key given twice in one object is refused at its pointer, at any depth")
{
    CHECK_THROWS_WITH(ParseJsonText(R"({"count": 3, "count": 1000000000})", "s.json"),
                      "s.json: /count: duplicate key \"count\" (each key may appear once in an "
                      "object)");
    CHECK_THROWS_WITH(ParseJsonText(R"({"nodes": [{"a": 1}, {"b": 1, "b": 2}]})", "s.json"),
                      Catch::StartsWith("s.json: /nodes/1/b: duplicate key"));
    CHECK_THROWS_WITH(ParseJsonText(R"({"a/b": {"x~": 1, "x~": 1}})", "s.json"),
                      Catch::StartsWith("s.json: /a~1b/x~0: duplicate key"));
    // The same key in two different objects is fine.
    CHECK(ParseJsonText(R"([{"a": 1}, {"a": 2}])", "s.json")[1]["a"] == 2);
}

TEST_CASE("a number beyond the range of a double is refused at its pointer")
{
    CHECK_THROWS_WITH(ParseJsonText(R"({"requests": {"start_s": 1e400}})", "s.json"),
                      "s.json: /requests/start_s: number out of range (a double reaches about "
                      "1.8e308)");
    CHECK_THROWS_WITH(ParseJsonText(R"([1, -1e999])", "s.json"),
                      Catch::StartsWith("s.json: /1: number out of range"));
    CHECK(ParseJsonText("1e300", "s.json").get<double>() == 1e300);
}

TEST_CASE("nesting is limited to 100 levels, and a wide document parses in linear time")
{
    const std::string deep = std::string(101, '[') + std::string(101, ']');
    CHECK_THROWS_WITH(ParseJsonText("{\"a\": " + deep + "}", "d.json"),
                      "d.json: nested deeper than 100 levels");
    CHECK(ParseJsonText(std::string(100, '[') + std::string(100, ']'), "d.json").is_array());
    // A million empty objects in one array: nlohmann's callback parser rescans the array at
    // every element (quadratic, minutes); the builder takes well under a second. Checked here as
    // a result; the time shows in the CTest timeout.
    std::string wide = "[";
    for (int i = 0; i < 1000000; ++i)
    {
        wide += i == 0 ? "{}" : ",{}";
    }
    CHECK(ParseJsonText(wide + "]", "w.json").size() == 1000000);
}

TEST_CASE("syntax errors name the input, the line and the column")
{
    CHECK_THROWS_WITH(ParseJsonText("{\n  \"a\": ,\n}", "bad.json"),
                      Catch::StartsWith("bad.json: parse error at line 2, column 8"));
    CHECK_FALSE(ParseJsonTextIfJson("802.11ac", "--set wifi.standard").has_value());
    CHECK(ParseJsonTextIfJson("[1, 2]", "--set x")->size() == 2);
    // Text that is JSON but refused is an error even where a bare word would be accepted.
    CHECK_THROWS_WITH(ParseJsonTextIfJson("{\"a\": 1, \"a\": 2}", "--set x"),
                      Catch::StartsWith("--set x: /a: duplicate key"));
}

TEST_CASE("JSON files: a folder, a device, a missing file and an oversized file are refused")
{
    test::TempDir dir;
    CHECK_THROWS_WITH(ParseJsonFile(dir.Path()), dir.Path() + ": is a folder, not a file");
    CHECK_THROWS_WITH(ParseJsonFile("/dev/zero"), "/dev/zero: not a regular file");
    CHECK_THROWS_WITH(ParseJsonFile(dir.File("none.json")),
                      dir.File("none.json") + ": cannot open");
    {
        std::ofstream big(dir.File("big.json"));
        big << "[" << std::string(kMaxJsonFileBytes, ' ') << "]";
    }
    CHECK_THROWS_WITH(ParseJsonFile(dir.File("big.json")),
                      dir.File("big.json") + ": " + std::to_string(kMaxJsonFileBytes + 2)
                          + " bytes, more than the " + std::to_string(kMaxJsonFileBytes)
                          + " a JSON file may have");
    std::ofstream(dir.File("ok.json")) << R"({"a": [1, 2.5, "x", true, null]})";
    CHECK(ParseJsonFile(dir.File("ok.json"))["a"][1] == 2.5);
}
