#include "base/key-table-schema.h"

#include <algorithm>
#include <cmath>

namespace eesim
{

namespace
{

/** A bound as JSON: whole numbers as integers, so that an integer key reads 0 to 64, not 0.0. */
nlohmann::json
Bound(double value)
{
    constexpr double kExactIntegers = 9007199254740992.0; // 2^53
    if (value == std::floor(value) && std::fabs(value) < kExactIntegers)
    {
        return std::int64_t(value);
    }
    return value;
}

nlohmann::json
NumberSchema(const KeySpec& key, const char* type)
{
    return { { "type", type },
             { "minimum", Bound(key.minimum) },
             { "maximum", Bound(key.maximum) } };
}

nlohmann::json
NumberListSchema(const KeySpec& key)
{
    nlohmann::json list = { { "type", "array" }, { "items", NumberSchema(key, "number") } };
    if (key.length > 0)
    {
        list["minItems"] = key.length;
        list["maxItems"] = key.length;
    }
    else if (key.length == 0 && key.defaultValue != nlohmann::json::array())
    {
        list["minItems"] = 1; // [] only where it is the default (see CheckValue)
    }
    return list;
}

nlohmann::json
ValueSchema(const KeySpec& key)
{
    switch (key.type)
    {
    case KeyType::kNumber:
        if (key.perExit)
        {
            const nlohmann::json number = NumberSchema(key, "number");
            return { { "anyOf",
                       { number,
                         { { "type", "array" }, { "minItems", 1 }, { "items", number } } } } };
        }
        return NumberSchema(key, "number");
    case KeyType::kInteger:
        return NumberSchema(key, "integer");
    case KeyType::kBoolean:
        return { { "type", "boolean" } };
    case KeyType::kString:
        if (!key.choices.empty())
        {
            return { { "type", "string" }, { "enum", key.choices } };
        }
        return { { "type", "string" } };
    case KeyType::kNumberList:
        return NumberListSchema(key);
    case KeyType::kStringList:
        return { { "type", "array" }, { "minItems", 1 }, { "items", { { "type", "string" } } } };
    case KeyType::kAnyObject:
        if (!key.schemaDefinition.empty())
        {
            return { { "$ref", "#/$defs/" + key.schemaDefinition } };
        }
        return { { "type", "object" } };
    }
    return nlohmann::json::object();
}

/** "if the selector holds none of the key's values, the key may not appear". An absent selector
 *  reads as its default, so the condition needs it present exactly when the default selects. */
nlohmann::json
SelectorCondition(const KeyTable& table, const std::string& prefix, const KeySpec& key,
                  const std::string& name)
{
    const auto& values = key.selectorValues;
    nlohmann::json otherValue
        = { { "properties", { { key.selectorKey, { { "not", { { "enum", values } } } } } } } };
    const KeySpec* selector = FindKey(table, prefix + key.selectorKey);
    if (selector != nullptr && selector->defaultValue.is_string()
        && std::find(values.begin(), values.end(), selector->defaultValue.get<std::string>())
               != values.end())
    {
        otherValue["required"] = { key.selectorKey };
    }
    return { { "if", otherValue }, { "then", { { "properties", { { name, false } } } } } };
}

nlohmann::json
ObjectArraySchema(nlohmann::json items, bool required)
{
    nlohmann::json array = { { "type", "array" }, { "items", std::move(items) } };
    if (required)
    {
        array["minItems"] = 1;
    }
    return array;
}

} // namespace

nlohmann::json
KeySchema(const KeySpec& key)
{
    nlohmann::json schema = ValueSchema(key);
    schema["description"] = key.meaning;
    if (!key.defaultValue.is_null())
    {
        schema["default"] = key.defaultValue;
    }
    return schema;
}

nlohmann::json
KeyTableSchema(const KeyTable& table, const std::string& prefix,
               const std::vector<std::string>& requiredArrays)
{
    const KeyLevel level = KeysUnder(table, prefix);
    nlohmann::json properties = nlohmann::json::object();
    nlohmann::json required = nlohmann::json::array();
    nlohmann::json conditions = nlohmann::json::array();
    for (const KeySpec* key : level.leaves)
    {
        const std::string name = key->path.substr(prefix.size());
        properties[name] = KeySchema(*key);
        if (!key->selectorKey.empty())
        {
            conditions.push_back(SelectorCondition(table, prefix, *key, name));
        }
        else if (key->defaultValue.is_null())
        {
            required.push_back(name);
        }
    }
    for (const std::string& name : level.objects)
    {
        properties[name] = KeyTableSchema(table, prefix + name + ".", requiredArrays);
    }
    for (const std::string& name : level.arrays)
    {
        const bool isRequired
            = std::find(requiredArrays.begin(), requiredArrays.end(), prefix + name)
              != requiredArrays.end();
        properties[name] = ObjectArraySchema(
            KeyTableSchema(table, prefix + name + "[].", requiredArrays), isRequired);
        if (isRequired)
        {
            required.push_back(name);
        }
    }
    nlohmann::json schema = { { "type", "object" },
                              { "properties", std::move(properties) },
                              { "additionalProperties", false } };
    if (!required.empty())
    {
        schema["required"] = std::move(required);
    }
    if (!conditions.empty())
    {
        schema["allOf"] = std::move(conditions);
    }
    return schema;
}

} // namespace eesim
