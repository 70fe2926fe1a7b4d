#include "base/json-reader.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

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

std::string
FormatNumber(double value)
{
    char text[32];
    if (value == std::floor(value) && std::abs(value) < 1e10)
    {
        std::snprintf(text, sizeof text, "%.0f", value);
    }
    else
    {
        std::snprintf(text, sizeof text, "%g", value);
    }
    return text;
}

std::string
EscapePointer(const std::string& key)
{
    std::string out;
    for (char c : key)
    {
        out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    }
    return out;
}

std::string
DescribeJson(const nlohmann::json& value)
{
    if (value.is_string())
    {
        return value.dump();
    }
    if (value.is_array())
    {
        return "an array";
    }
    if (value.is_object())
    {
        return "an object";
    }
    return value.dump(); // numbers, booleans, null
}

std::string
ClosestMatch(const std::string& word, const std::vector<std::string>& candidates)
{
    std::string best;
    std::size_t bestDistance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& candidate : candidates)
    {
        // Levenshtein distance, one row at a time.
        std::vector<std::size_t> row(candidate.size() + 1);
        for (std::size_t j = 0; j <= candidate.size(); ++j)
        {
            row[j] = j;
        }
        for (std::size_t i = 1; i <= word.size(); ++i)
        {
            std::size_t diagonal = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= candidate.size(); ++j)
            {
                const std::size_t above = row[j];
                row[j] = std::min({ row[j] + 1, row[j - 1] + 1,
                                    diagonal + (word[i - 1] == candidate[j - 1] ? 0 : 1) });
                diagonal = above;
            }
        }
        if (row.back() < bestDistance)
        {
            bestDistance = row.back();
            best = candidate;
        }
    }
    return best;
}

nlohmann::json::parser_callback_t
JsonDepthLimit(const std::string& what)
{
    return [what](int depth, nlohmann::json::parse_event_t, nlohmann::json&)
    {
        if (depth > kMaxJsonDepth)
        {
            throw Error(what + ": nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        }
        return true;
    };
}

nlohmann::json
ParseJsonFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw Error(path + ": cannot open");
    }
    try
    {
        return nlohmann::json::parse(in, JsonDepthLimit(path));
    }
    catch (const nlohmann::json::parse_error& e)
    {
        // e.what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
        const std::string what = e.what();
        const auto at = what.find("parse error");
        throw Error(path + ": " + (at == std::string::npos ? what : what.substr(at)));
    }
}

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
            m_state->errors.push_back(m_state->file + ": " + pointer + ": expected an object, got "
                                      + DescribeJson(element));
            continue;
        }
        elements.push_back(Child(pointer, &element));
    }
    return elements;
}

double
JsonReader::Number(const std::string& key, double fallback, double minimum, double maximum)
{
    const nlohmann::json* value = Member(key);
    if (value == nullptr)
    {
        return fallback;
    }
    if (!value->is_number())
    {
        AddError(key, "expected a number, got " + DescribeJson(*value));
        return fallback;
    }
    const double number = value->get<double>();
    if (!(number >= minimum && number <= maximum))
    {
        AddError(key, "out of range (expected " + FormatNumber(minimum) + " to "
                          + FormatNumber(maximum) + ", got " + DescribeJson(*value) + ")");
        return fallback;
    }
    return number;
}

int
JsonReader::Integer(const std::string& key, int fallback, int minimum, int maximum)
{
    const nlohmann::json* value = Member(key);
    if (value == nullptr)
    {
        return fallback;
    }
    if (!value->is_number() || value->get<double>() != std::floor(value->get<double>()))
    {
        AddError(key, "expected an integer, got " + DescribeJson(*value));
        return fallback;
    }
    const double number = value->get<double>();
    if (number < minimum || number > maximum)
    {
        AddError(key, "out of range (expected " + std::to_string(minimum) + " to "
                          + std::to_string(maximum) + ", got " + DescribeJson(*value) + ")");
        return fallback;
    }
    return int(number);
}

std::string
JsonReader::String(const std::string& key, const std::string& fallback)
{
    const nlohmann::json* value = Member(key);
    if (value == nullptr)
    {
        return fallback;
    }
    if (!value->is_string())
    {
        AddError(key, "expected a string, got " + DescribeJson(*value));
        return fallback;
    }
    return value->get<std::string>();
}

bool
JsonReader::Boolean(const std::string& key, bool fallback)
{
    const nlohmann::json* value = Member(key);
    if (value == nullptr)
    {
        return fallback;
    }
    if (!value->is_boolean())
    {
        AddError(key, "expected true or false, got " + DescribeJson(*value));
        return fallback;
    }
    return value->get<bool>();
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
    for (std::size_t i = 0; i < value->size(); ++i)
    {
        const auto& element = (*value)[i];
        const std::string where = m_state->file + ": " + Pointer(key) + "/" + std::to_string(i);
        if (!element.is_number())
        {
            m_state->errors.push_back(where + ": expected a number, got " + DescribeJson(element));
        }
        else if (!(element.get<double>() >= minimum && element.get<double>() <= maximum))
        {
            m_state->errors.push_back(where + ": out of range (expected " + FormatNumber(minimum)
                                      + " to " + FormatNumber(maximum) + ", got "
                                      + DescribeJson(element) + ")");
        }
        else
        {
            numbers.push_back(element.get<double>());
        }
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
            const std::string suggestion = ClosestMatch(key, node.known);
            m_state->errors.push_back(
                m_state->file + ": " + node.pointer + "/" + EscapePointer(key) + ": unknown key"
                + (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"));
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
