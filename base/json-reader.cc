#include "base/json-reader.h"

#include "base/error.h"
#include "base/key-table.h"

#include <algorithm>
#include <cmath>

namespace eesim
{

namespace
{

const nlohmann::json&
EmptyObject()
{
    static const nlohmann::json empty = nlohmann::json::object();
    return empty;
}

} // namespace

JsonReader
JsonReader::FromFile(const std::string& path)
{
    return JsonReader(path, ParseJsonFile(path));
}

JsonReader::JsonReader(std::string file, nlohmann::json value)
    : m_state(std::make_shared<State>())
    , m_node(0)
{
    m_state->file = std::move(file);
    m_state->root = std::move(value);
    m_state->nodes.push_back({ "", &m_state->root, {} });
    if (!m_state->root.is_object())
    {
        AddError("", "expected an object, got " + DescribeJson(m_state->root));
        Self().value = &EmptyObject();
    }
}

JsonReader::JsonReader(std::shared_ptr<State> state, std::size_t node)
    : m_state(std::move(state))
    , m_node(node)
{
}

JsonReader
JsonReader::Child(const std::string& pointer, const nlohmann::json* value) const
{
    m_state->nodes.push_back({ pointer, value, {} });
    return JsonReader(m_state, m_state->nodes.size() - 1);
}

std::string
JsonReader::Pointer(const std::string& key) const
{
    return key.empty() ? (Self().pointer.empty() ? "/" : Self().pointer)
                       : Self().pointer + "/" + EscapePointer(key);
}

void
JsonReader::AddError(const std::string& key, const std::string& problem)
{
    m_state->errors.push_back(m_state->file + ": " + Pointer(key) + ": " + problem);
}

void
JsonReader::AddError(const std::string& key, const std::string& index, const std::string& problem)
{
    m_state->errors.push_back(m_state->file + ": " + Pointer(key) + "/" + index + ": " + problem);
}

bool
JsonReader::Has(const std::string& key) const
{
    return Self().value->contains(key);
}

const nlohmann::json*
JsonReader::Member(const std::string& key) const
{
    Self().known.push_back(key);
    const auto it = Self().value->find(key);
    return it == Self().value->end() ? nullptr : &*it;
}

JsonReader
JsonReader::Object(const std::string& key)
{
    const nlohmann::json* value = Member(key);
    if (value != nullptr && !value->is_object())
    {
        AddError(key, "expected an object, got " + DescribeJson(*value));
        value = nullptr;
    }
    return Child(Pointer(key), value != nullptr ? value : &EmptyObject());
}

std::vector<JsonReader>
JsonReader::ObjectArray(const std::string& key)
{
    std::vector<JsonReader> elements;
    const nlohmann::json* value = Member(key);
    if (value == nullptr)
    {
        return elements;
    }
    if (!value->is_array())
    {
        AddError(key, "expected an array of objects, got " + DescribeJson(*value));
        return elements;
    }
    for (std::size_t i = 0; i < value->size(); ++i)
    {
        const std::string pointer = Pointer(key) + "/" + std::to_string(i);
        const nlohmann::json& element = (*value)[i];
        if (!element.is_object())
        {
            AddError(key, std::to_string(i), "expected an object, got " + DescribeJson(element));
            continue;
        }
        elements.push_back(Child(pointer, &element));
    }
    return elements;
}

const nlohmann::json*
JsonReader::Checked(const KeySpec& key)
{
    const nlohmann::json* value = Member(key.path);
    if (value == nullptr)
    {
        return nullptr;
    }
    const std::string problem = CheckValue(key, *value);
    if (!problem.empty())
    {
        AddError(key.path, problem);
        return nullptr;
    }
    return value;
}

double
JsonReader::Number(const std::string& key, double fallback, double minimum, double maximum)
{
    const nlohmann::json* value = Checked(keys::Number(key, fallback, minimum, maximum, ""));
    return value == nullptr ? fallback : value->get<double>();
}

int
JsonReader::Integer(const std::string& key, int fallback, int minimum, int maximum)
{
    const nlohmann::json* value = Checked(keys::Integer(key, fallback, minimum, maximum, ""));
    return value == nullptr ? fallback : int(value->get<double>());
}

std::string
JsonReader::String(const std::string& key, const std::string& fallback)
{
    const nlohmann::json* value = Checked(keys::Text(key, fallback, {}, ""));
    return value == nullptr ? fallback : value->get<std::string>();
}

std::string
JsonReader::Choice(const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& choices)
{
    const nlohmann::json* value = Checked(keys::Text(key, fallback, choices, ""));
    return value == nullptr ? fallback : value->get<std::string>();
}

bool
JsonReader::Boolean(const std::string& key, bool fallback)
{
    const nlohmann::json* value = Checked(keys::Flag(key, fallback, ""));
    return value == nullptr ? fallback : value->get<bool>();
}

std::vector<double>
JsonReader::NumberArray(const std::string& key, double minimum, double maximum)
{
    std::vector<double> numbers;
    const nlohmann::json* value = Member(key);
    if (value == nullptr)
    {
        return numbers;
    }
    if (!value->is_array())
    {
        AddError(key, "expected an array of numbers, got " + DescribeJson(*value));
        return numbers;
    }
    // Each element is checked as a number of its own, so an error points at the element.
    const KeySpec element = keys::Number(key, 0, minimum, maximum, "");
    for (std::size_t i = 0; i < value->size(); ++i)
    {
        const std::string problem = CheckValue(element, (*value)[i]);
        if (!problem.empty())
        {
            AddError(key, std::to_string(i), problem);
            continue;
        }
        numbers.push_back((*value)[i].get<double>());
    }
    return numbers;
}

std::vector<int>
JsonReader::IntegerArray(const std::string& key, int minimum, int maximum)
{
    std::vector<int> integers;
    for (double number : NumberArray(key, minimum, maximum))
    {
        if (number != std::floor(number))
        {
            AddError(key, "expected integers, got " + FormatNumber(number));
        }
        integers.push_back(int(number));
    }
    return integers;
}

std::vector<std::string>
JsonReader::StringArray(const std::string& key)
{
    std::vector<std::string> strings;
    const nlohmann::json* value = Member(key);
    if (value == nullptr)
    {
        return strings;
    }
    if (!value->is_array())
    {
        AddError(key, "expected an array of strings, got " + DescribeJson(*value));
        return strings;
    }
    for (std::size_t i = 0; i < value->size(); ++i)
    {
        if (!(*value)[i].is_string())
        {
            AddError(key, std::to_string(i), "expected a string, got " + DescribeJson((*value)[i]));
            continue;
        }
        strings.push_back((*value)[i].get<std::string>());
    }
    return strings;
}

std::vector<std::pair<std::string, double>>
JsonReader::OtherNumbers(const std::vector<std::string>& skip)
{
    std::vector<std::pair<std::string, double>> numbers;
    for (const auto& [key, value] : Self().value->items())
    {
        if (std::find(skip.begin(), skip.end(), key) != skip.end())
        {
            continue;
        }
        Self().known.push_back(key);
        if (!value.is_number())
        {
            AddError(key, "expected a number, got " + DescribeJson(value));
            continue;
        }
        numbers.emplace_back(key, value.get<double>());
    }
    return numbers;
}

void
JsonReader::Finish()
{
    for (const Node& node : m_state->nodes)
    {
        for (const auto& [key, value] : node.value->items())
        {
            if (std::find(node.known.begin(), node.known.end(), key) != node.known.end())
            {
                continue;
            }
            m_state->errors.push_back(m_state->file + ": " + node.pointer + "/" + EscapePointer(key)
                                      + ": " + UnknownKeyProblem(key, node.known));
        }
    }
    if (m_state->errors.empty())
    {
        return;
    }
    std::string all;
    for (const auto& error : m_state->errors)
    {
        all += (all.empty() ? "" : "\n") + error;
    }
    throw Error(all);
}

} // namespace eesim
