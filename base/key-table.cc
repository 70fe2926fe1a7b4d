#include "base/key-table.h"

#include "base/json-text.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace eesim
{

namespace keys
{

KeySpec
Number(std::string path, double fallback, double minimum, double maximum, std::string meaning)
{
    return {
        std::move(path), KeyType::kNumber, fallback, minimum, maximum, {}, std::move(meaning)
    };
}

KeySpec
Integer(std::string path, nlohmann::json fallback, double minimum, double maximum,
        std::string meaning)
{
    return { std::move(path),   KeyType::kInteger, std::move(fallback), minimum, maximum, {},
             std::move(meaning) };
}

KeySpec
Text(std::string path, nlohmann::json fallback, std::vector<std::string> choices,
     std::string meaning)
{
    return { std::move(path),    KeyType::kString,  std::move(fallback), 0, 0,
             std::move(choices), std::move(meaning) };
}

KeySpec
Flag(std::string path, bool fallback, std::string meaning)
{
    return { std::move(path), KeyType::kBoolean, fallback, 0, 0, {}, std::move(meaning) };
}

KeySpec
NumberList(std::string path, std::vector<double> fallback, double minimum, double maximum,
           std::string meaning)
{
    return { std::move(path),   KeyType::kNumberList, fallback, minimum, maximum, {},
             std::move(meaning) };
}

KeySpec
Vector3(std::string path, double minimum, double maximum, std::string meaning)
{
    KeySpec key{ std::move(path),
                 KeyType::kNumberList,
                 nlohmann::json::array({ 0, 0, 0 }),
                 minimum,
                 maximum,
                 {},
                 std::move(meaning) };
    key.length = 3;
    return key;
}

KeySpec
StringList(std::string path, nlohmann::json fallback, std::string meaning)
{
    return { std::move(path),   KeyType::kStringList, std::move(fallback), 0, 0, {},
             std::move(meaning) };
}

KeySpec
AnyObject(std::string path, std::string meaning)
{
    return { std::move(path),   KeyType::kAnyObject, nlohmann::json::object(), 0, 0, {},
             std::move(meaning) };
}

KeySpec
PerExitNumber(std::string path, double fallback, double minimum, double maximum,
              std::string meaning)
{
    KeySpec key = Number(std::move(path), fallback, minimum, maximum, std::move(meaning));
    key.perExit = true;
    return key;
}

KeySpec
AddedLater(KeySpec key)
{
    key.omitDefault = true;
    return key;
}

} // namespace keys

namespace
{

std::string
OutOfRange(const KeySpec& key, const nlohmann::json& value)
{
    return "out of range (expected " + FormatNumber(key.minimum) + " to "
           + FormatNumber(key.maximum) + ", got " + DescribeJson(value) + ")";
}

/** A per-exit list: one or more numbers, each in range. */
std::string
CheckPerExit(const KeySpec& key, const nlohmann::json& list)
{
    if (list.empty())
    {
        return "expected a number or one or more values per exit, got " + DescribeJson(list);
    }
    for (const auto& element : list)
    {
        if (!element.is_number())
        {
            return "expected numbers, got " + DescribeJson(element);
        }
        const double v = element.get<double>();
        if (!(v >= key.minimum && v <= key.maximum))
        {
            return OutOfRange(key, element);
        }
    }
    return "";
}

} // namespace

std::string
CheckValue(const KeySpec& key, const nlohmann::json& value)
{
    auto range = [&](double v) -> std::string
    { return v >= key.minimum && v <= key.maximum ? "" : OutOfRange(key, value); };
    switch (key.type)
    {
    case KeyType::kNumber:
        if (key.perExit && value.is_array())
        {
            return CheckPerExit(key, value);
        }
        return value.is_number() ? range(value.get<double>())
                                 : "expected a number, got " + DescribeJson(value);
    case KeyType::kInteger:
        if (!value.is_number() || value.get<double>() != std::floor(value.get<double>()))
        {
            return "expected an integer, got " + DescribeJson(value);
        }
        return range(value.get<double>());
    case KeyType::kBoolean:
        return value.is_boolean() ? "" : "expected true or false, got " + DescribeJson(value);
    case KeyType::kAnyObject:
        return value.is_object() ? "" : "expected an object, got " + DescribeJson(value);
    case KeyType::kString:
        if (!value.is_string())
        {
            return "expected a string, got " + DescribeJson(value);
        }
        if (!key.choices.empty()
            && std::find(key.choices.begin(), key.choices.end(), value.get<std::string>())
                   == key.choices.end())
        {
            std::string choices;
            for (const auto& c : key.choices)
            {
                choices += (choices.empty() ? "" : ", ") + c;
            }
            const std::string suggestion = ClosestMatch(value.get<std::string>(), key.choices);
            return "expected one of " + choices + ", got " + DescribeJson(value)
                   + (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)");
        }
        return "";
    case KeyType::kNumberList:
        // An empty list is accepted where it is the default: an explicit default always validates.
        if (!value.is_array() || (key.length > 0 && int(value.size()) != key.length)
            || (value.empty() && key.length >= 0 && key.defaultValue != value))
        {
            return (key.length > 0 ? "expected an array of " + std::to_string(key.length)
                                   : std::string("expected a non-empty array of"))
                   + " numbers, got " + DescribeJson(value);
        }
        for (const auto& element : value)
        {
            if (!element.is_number())
            {
                return "expected numbers, got " + DescribeJson(element);
            }
            const std::string problem = range(element.get<double>());
            if (!problem.empty())
            {
                return problem;
            }
        }
        return "";
    case KeyType::kStringList:
        if (!value.is_array() || value.empty())
        {
            return "expected a non-empty array of strings, got " + DescribeJson(value);
        }
        for (const auto& element : value)
        {
            if (!element.is_string())
            {
                return "expected strings, got " + DescribeJson(element);
            }
        }
        return "";
    }
    return "";
}

namespace
{

/** What stays the same while one document is completed, level by level. */
struct Completion
{
    const KeyTable& table;
    const std::string& file;
    std::vector<std::string>& errors;
    const std::vector<std::string>& requiredArrays;

    void Error(const std::string& pointer, const std::string& problem) const
    {
        errors.push_back(file + ": " + pointer + ": " + problem);
    }
};

void CompleteLevel(const Completion& run, nlohmann::json& object, const std::string& prefix,
                   const std::string& pointer);

void
ReportUnknownKeys(const Completion& run, const nlohmann::json& object, const KeyLevel& level,
                  const std::string& prefix, const std::string& pointer)
{
    std::vector<std::string> known;
    for (const auto* leaf : level.leaves)
    {
        known.push_back(leaf->path.substr(prefix.size()));
    }
    known.insert(known.end(), level.objects.begin(), level.objects.end());
    known.insert(known.end(), level.arrays.begin(), level.arrays.end());
    for (const auto& [key, value] : object.items())
    {
        if (std::find(known.begin(), known.end(), key) == known.end())
        {
            run.Error(pointer + "/" + EscapePointer(key), UnknownKeyProblem(key, known));
        }
    }
}

/** The value of a leaf's selector in `object`: given, or the selector's default when that is
 *  left out of documents (omitDefault); null when neither. */
nlohmann::json
SelectorValue(const Completion& run, const KeySpec& leaf, const std::string& name,
              const nlohmann::json& object)
{
    const auto given = object.find(leaf.selectorKey);
    if (given != object.end())
    {
        return *given;
    }
    const std::string prefix = leaf.path.substr(0, leaf.path.size() - name.size());
    const KeySpec* selector = FindKey(run.table, prefix + leaf.selectorKey);
    if (selector != nullptr && selector->omitDefault)
    {
        return selector->defaultValue;
    }
    return nlohmann::json();
}

/** "\"a\"", "\"a\" or \"b\"", "\"a\", \"b\" or \"c\"". */
std::string
Alternatives(const std::vector<std::string>& values)
{
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        text += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + ("\"" + values[i] + "\"");
    }
    return text;
}

void
CompleteLeaf(const Completion& run, nlohmann::json& object, const KeySpec& leaf,
             const std::string& name, const std::string& pointer)
{
    if (!leaf.selectorKey.empty())
    {
        const nlohmann::json selector = SelectorValue(run, leaf, name, object);
        const auto& values = leaf.selectorValues;
        if (!selector.is_string()
            || std::find(values.begin(), values.end(), selector.get<std::string>()) == values.end())
        {
            if (object.contains(name))
            {
                run.Error(pointer + "/" + name,
                          "applies only when " + leaf.selectorKey + " is " + Alternatives(values)
                              + " (here " + leaf.selectorKey + " is "
                              + (selector.is_null() ? "not set" : DescribeJson(selector)) + ")");
            }
            return;
        }
    }
    if (!object.contains(name))
    {
        if (leaf.defaultValue.is_null())
        {
            run.Error(pointer + "/" + name, "missing (required)");
        }
        else if (!leaf.omitDefault)
        {
            object[name] = leaf.defaultValue;
        }
        return;
    }
    const std::string problem = CheckValue(leaf, object[name]);
    if (!problem.empty())
    {
        run.Error(pointer + "/" + name, problem);
    }
    else if (leaf.omitDefault && object[name] == leaf.defaultValue)
    {
        // Said or not, the default reads the same: one complete document, one hash.
        object.erase(name);
    }
}

/** Fills in absent leaves' defaults and checks the present ones: the leaves that always apply
 *  first, so that the selectors of alternatives hold their values when those are looked at. */
void
CompleteLeaves(const Completion& run, nlohmann::json& object, const KeyLevel& level,
               const std::string& prefix, const std::string& pointer)
{
    for (const bool selected : { false, true })
    {
        for (const auto* leaf : level.leaves)
        {
            if (leaf->selectorKey.empty() != selected)
            {
                CompleteLeaf(run, object, *leaf, leaf->path.substr(prefix.size()), pointer);
            }
        }
    }
}

void
CompleteChildObjects(const Completion& run, nlohmann::json& object, const KeyLevel& level,
                     const std::string& prefix, const std::string& pointer)
{
    for (const auto& name : level.objects)
    {
        nlohmann::json& child = object[name];
        if (child.is_null())
        {
            child = nlohmann::json::object();
        }
        if (!child.is_object())
        {
            run.Error(pointer + "/" + name, "expected an object, got " + DescribeJson(child));
            continue;
        }
        CompleteLevel(run, child, prefix + name + ".", pointer + "/" + name);
        if (child.empty())
        {
            // Only keys left out at their defaults (omitDefault) were under it: said or not,
            // the object reads the same, and the complete document keeps its hash.
            object.erase(name);
        }
    }
}

/** Arrays of objects: each element completed on its own; optional arrays default to []. */
void
CompleteChildArrays(const Completion& run, nlohmann::json& object, const KeyLevel& level,
                    const std::string& prefix, const std::string& pointer)
{
    for (const auto& name : level.arrays)
    {
        const auto& required = run.requiredArrays;
        const bool isRequired
            = std::find(required.begin(), required.end(), prefix + name) != required.end();
        if (!isRequired && (!object.contains(name) || object[name].is_array()))
        {
            object[name] = object.value(name, nlohmann::json::array());
        }
        else if (!object.contains(name) || !object[name].is_array() || object[name].empty())
        {
            run.Error(pointer + "/" + name,
                      "expected a non-empty array of objects"
                          + (object.contains(name) ? ", got " + DescribeJson(object[name])
                                                   : " (missing)"));
            continue;
        }
        for (std::size_t i = 0; i < object[name].size(); ++i)
        {
            nlohmann::json& element = object[name][i];
            const std::string elementPointer = pointer + "/" + name + "/" + std::to_string(i);
            if (!element.is_object())
            {
                run.Error(elementPointer, "expected an object, got " + DescribeJson(element));
                continue;
            }
            CompleteLevel(run, element, prefix + name + "[].", elementPointer);
        }
    }
}

void
CompleteLevel(const Completion& run, nlohmann::json& object, const std::string& prefix,
              const std::string& pointer)
{
    const KeyLevel level = KeysUnder(run.table, prefix);
    ReportUnknownKeys(run, object, level, prefix, pointer);
    CompleteLeaves(run, object, level, prefix, pointer);
    CompleteChildObjects(run, object, level, prefix, pointer);
    CompleteChildArrays(run, object, level, prefix, pointer);
}

} // namespace

void
CompleteObject(const KeyTable& table, nlohmann::json& object, const std::string& prefix,
               const std::string& pointer, const std::string& file,
               std::vector<std::string>& errors, const std::vector<std::string>& requiredArrays)
{
    CompleteLevel({ table, file, errors, requiredArrays }, object, prefix, pointer);
}

KeyLevel
KeysUnder(const KeyTable& table, const std::string& prefix)
{
    KeyLevel level;
    for (const auto& key : table)
    {
        if (key.path.compare(0, prefix.size(), prefix) != 0)
        {
            continue;
        }
        const std::string rest = key.path.substr(prefix.size());
        const auto cut = rest.find_first_of(".[");
        if (cut == std::string::npos)
        {
            level.leaves.push_back(&key);
        }
        else if (rest[cut] == '.')
        {
            level.objects.insert(rest.substr(0, cut));
        }
        else
        {
            level.arrays.insert(rest.substr(0, cut));
        }
    }
    return level;
}

std::string
KeyTypeName(const KeySpec& key)
{
    switch (key.type)
    {
    case KeyType::kNumber:
        return key.perExit ? "number or list per exit" : "number";
    case KeyType::kInteger:
        return "integer";
    case KeyType::kString:
        return "string";
    case KeyType::kBoolean:
        return "boolean";
    case KeyType::kNumberList:
        return key.length == 3 ? "[x, y, z]" : "list of numbers";
    case KeyType::kStringList:
        return "list of strings";
    default:
        return "object";
    }
}

const KeySpec*
FindKey(const KeyTable& table, const std::string& path)
{
    for (const KeySpec& key : table)
    {
        if (key.path == path)
        {
            return &key;
        }
    }
    return nullptr;
}

nlohmann::json
ValueOrDefault(const KeyTable& table, const std::string& path, const nlohmann::json& object)
{
    const std::string name = path.substr(path.find_last_of('.') + 1);
    const auto given = object.find(name);
    if (given != object.end())
    {
        return *given;
    }
    const KeySpec* key = FindKey(table, path);
    return key == nullptr ? nlohmann::json() : key->defaultValue;
}

std::string
KeyPathList(const KeyTable& table, const std::string& prefix)
{
    std::string list;
    for (const KeySpec& key : table)
    {
        list += (list.empty() ? "`" : ", `") + prefix + key.path + "`";
    }
    return list.empty() ? "—" : list;
}

std::string
KeyRangeText(const KeySpec& key)
{
    std::string range;
    if (key.type == KeyType::kNumber || key.type == KeyType::kInteger
        || key.type == KeyType::kNumberList)
    {
        range = FormatNumber(key.minimum) + " – " + FormatNumber(key.maximum);
    }
    for (const auto& choice : key.choices)
    {
        range += (range.empty() ? "" : ", ") + ("`" + choice + "`");
    }
    return range;
}

std::string
KeyTableMarkdown(const KeyTable& table)
{
    std::ostringstream out;
    out << "| key | type | default | range or values | meaning |\n|---|---|---|---|---|\n";
    for (const auto& key : table)
    {
        const std::string fallback
            = key.defaultValue.is_null() ? "required" : "`" + key.defaultValue.dump() + "`";
        out << "| `" << key.path << "` | " << KeyTypeName(key) << " | " << fallback << " | "
            << KeyRangeText(key) << " | " << key.meaning << " |\n";
    }
    return out.str();
}

} // namespace eesim
