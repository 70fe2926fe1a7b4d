// JSON Schema from the key tables: each key type, the required keys, nested objects and arrays,
// and alternatives refused when their selector picks another one. Expectations written out by
// hand from draft 2020-12's keywords.
#include "base/key-table-schema.h"

#include <catch2/catch.hpp>

using namespace eesim;
using json = nlohmann::json;

TEST_CASE("key schema: numbers, integers, text, flags and lists with their ranges and defaults")
{
    CHECK(KeySchema(keys::Number("rate", 10, 1e-6, 1e6, "mean rate (1/s)"))
          == json{ { "type", "number" },
                   { "minimum", 1e-6 },
                   { "maximum", 1000000 },
                   { "default", 10 },
                   { "description", "mean rate (1/s)" } });
    CHECK(KeySchema(keys::Integer("count", 1000, 1, 1e9, "requests"))
          == json{ { "type", "integer" },
                   { "minimum", 1 },
                   { "maximum", 1000000000 },
                   { "default", 1000 },
                   { "description", "requests" } });
    CHECK(KeySchema(keys::Text("arrival", "poisson", { "poisson", "periodic" }, "gaps"))
          == json{ { "type", "string" },
                   { "enum", { "poisson", "periodic" } },
                   { "default", "poisson" },
                   { "description", "gaps" } });
    CHECK(KeySchema(keys::Flag("pcap", false, "traces"))
          == json{ { "type", "boolean" }, { "default", false }, { "description", "traces" } });
    const json position = KeySchema(keys::Vector3("position_m", -5, 5, "x, y, z"));
    CHECK(position["type"] == "array");
    CHECK(position["minItems"] == 3);
    CHECK(position["maxItems"] == 3);
    CHECK(position["items"] == json{ { "type", "number" }, { "minimum", -5 }, { "maximum", 5 } });
    CHECK(KeySchema(keys::StringList("placement", json::array({ "source" }), "nodes"))
          == json{ { "type", "array" },
                   { "minItems", 1 },
                   { "items", { { "type", "string" } } },
                   { "default", { "source" } },
                   { "description", "nodes" } });
}

TEST_CASE("key schema: a list may be empty only where the empty list is its default")
{
    CHECK_FALSE(KeySchema(keys::NumberList("flops", {}, 1, 1e15, "")).contains("minItems"));
    CHECK(KeySchema(keys::NumberList("gains", { 1.0 }, 0, 1, ""))["minItems"] == 1);
}

TEST_CASE("key schema: a per-exit number is a number or a non-empty list of them")
{
    const json number = { { "type", "number" }, { "minimum", 0 }, { "maximum", 1 } };
    const json schema = KeySchema(keys::PerExitNumber("threshold", 0.9, 0, 1, "t"));
    CHECK(schema["anyOf"]
          == json::array(
              { number, { { "type", "array" }, { "minItems", 1 }, { "items", number } } }));
    CHECK(schema["default"] == 0.9);
}

TEST_CASE("key schema: an object key refers to its definition, or is any object")
{
    KeySpec inner = keys::AnyObject("inner", "policy");
    CHECK(KeySchema(inner)["type"] == "object");
    inner.schemaDefinition = "exit-policy";
    CHECK(KeySchema(inner)["$ref"] == "#/$defs/exit-policy");
}

TEST_CASE("table schema: nested objects and arrays, required keys, nothing beyond the table")
{
    const KeyTable table = {
        keys::Text("name", "s", {}, "name"),
        keys::Integer("requests.count", 5, 1, 9, "count"),
        keys::Text("nodes[].name", nullptr, {}, "node name"),
        keys::Text("links[].from", nullptr, {}, "sender"),
    };
    const json schema = KeyTableSchema(table, "", { "nodes" });
    CHECK(schema["type"] == "object");
    CHECK(schema["additionalProperties"] == false);
    CHECK(schema["required"] == json::array({ "nodes" }));
    const json& properties = schema["properties"];
    CHECK(properties["requests"]["properties"]["count"]["maximum"] == 9);
    CHECK(properties["requests"]["additionalProperties"] == false);
    CHECK_FALSE(properties["requests"].contains("required"));
    CHECK(properties["nodes"]["minItems"] == 1);
    CHECK(properties["nodes"]["items"]["required"] == json::array({ "name" }));
    CHECK(properties["nodes"]["items"]["additionalProperties"] == false);
    CHECK_FALSE(properties["links"].contains("minItems")); // optional: defaults to []
    CHECK(properties["links"]["items"]["required"] == json::array({ "from" }));
}

TEST_CASE("table schema: a key of one alternative is refused when its selector picks another")
{
    KeySpec rho = keys::Number("rho", 0.9, 0, 1, "correlation");
    rho.selectorKey = "model";
    rho.selectorValues = { "ar1" };
    KeySpec steps = keys::Integer("steps", 2, 1, 9, "steps");
    steps.selectorKey = "model";
    steps.selectorValues = { "constant", "markov" };
    const KeyTable table
        = { keys::Text("model", "constant", { "constant", "ar1", "markov" }, "model"), rho, steps };
    const json schema = KeyTableSchema(table);
    // rho: any model but ar1 refuses it, and an absent model is the default, constant.
    CHECK(schema["allOf"][0]
          == json{
              { "if",
                { { "properties", { { "model", { { "not", { { "enum", { "ar1" } } } } } } } } } },
              { "then", { { "properties", { { "rho", false } } } } } });
    // steps: the default selects it, so only a model that is given can refuse it.
    CHECK(schema["allOf"][1]["if"]["required"] == json::array({ "model" }));
    CHECK(schema["allOf"][1]["if"]["properties"]["model"]["not"]["enum"]
          == json::array({ "constant", "markov" }));
    CHECK_FALSE(schema.contains("required")); // alternatives are never required
}
