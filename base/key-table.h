#ifndef EESIM_BASE_KEY_TABLE_H
#define EESIM_BASE_KEY_TABLE_H

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace eesim
{

/** The kind of value a key holds. */
enum class KeyType
{
    kNumber,
    kInteger,
    kString,
    kBoolean,
    kNumberList, // length: KeySpec::length
    kStringList,
    kAnyObject // an object checked by a table of its own (a policy's parameters)
};

/**
 * One key of a JSON input: the single place its type, default, range, unit and meaning live.
 * Scenario files, policy parameters and capacity models are described by tables of these; the
 * validator, `eesim validate --list-keys` and the README tables are all read from them. Paths use
 * dots for nesting and `[]` for "each element of an array of objects".
 */
struct KeySpec
{
    std::string path;
    KeyType type;
    nlohmann::json defaultValue; // null: required
    double minimum = 0.0;
    double maximum = 0.0;
    std::vector<std::string> choices; // for strings: the allowed values (empty: any)
    std::string meaning;
    int length = 0; // for kNumberList: the required length; 0 = any non-empty; -1 = any
    /** kNumber only: a list with one value per exit is accepted as well as a single number. */
    bool perExit = false;
    /** For a key of one alternative among several (a capacity model's keys): it applies only when
     *  its sibling key `selectorKey` holds one of `selectorValues`. Otherwise it is neither filled
     *  in nor accepted. Empty: the key always applies. */
    std::string selectorKey{};
    std::vector<std::string> selectorValues{};
    /** The default applies, but is not written into the complete document, and a value equal to
     *  it is taken out: for keys added after scenarios were written (the data set's format), so
     *  that those scenarios' complete documents, and their hashes, stay as they were. Read such a
     *  key with ValueOrDefault. */
    bool omitDefault = false;
    /** kAnyObject only: the definition (under `$defs`) of the JSON Schema that describes the
     *  object, for an object checked by code of its own (deadline-aware's inner policy); empty:
     *  any object. See base/key-table-schema.h. */
    std::string schemaDefinition{};
};

using KeyTable = std::vector<KeySpec>;

/** Builders for table entries; the default is a value the key accepts. */
namespace keys
{
KeySpec Number(std::string path, double fallback, double minimum, double maximum,
               std::string meaning);
KeySpec Integer(std::string path, nlohmann::json fallback, double minimum, double maximum,
                std::string meaning);
KeySpec Text(std::string path, nlohmann::json fallback, std::vector<std::string> choices,
             std::string meaning);
KeySpec Flag(std::string path, bool fallback, std::string meaning);
/** A non-empty list of numbers in range; `fallback` may be empty (then [] is accepted too). */
KeySpec NumberList(std::string path, std::vector<double> fallback, double minimum, double maximum,
                   std::string meaning);
KeySpec Vector3(std::string path, double minimum, double maximum, std::string meaning);
KeySpec StringList(std::string path, nlohmann::json fallback, std::string meaning);
KeySpec AnyObject(std::string path, std::string meaning);
/** A number, or a list of one number per exit. */
KeySpec PerExitNumber(std::string path, double fallback, double minimum, double maximum,
                      std::string meaning);
/** `key`, left out of complete documents while it holds its default (omitDefault): for keys
 *  added after documents were written, whose hashes must stay. */
KeySpec AddedLater(KeySpec key);
} // namespace keys

/** Checks one value against its key; "" when it fits, else the problem ("expected ..., got ...").
 */
std::string CheckValue(const KeySpec& key, const nlohmann::json& value);

/**
 * Checks `object` against the keys of `table` under `prefix` ("" for the root, "a.b." for a
 * nested object) and fills in every default. Unknown keys (with a "did you mean"), missing
 * required keys and bad values are appended to `errors` as `FILE: POINTER/KEY: problem`, at every
 * depth. Arrays of objects other than `requiredArrays` may be absent (they default to []).
 */
void CompleteObject(const KeyTable& table, nlohmann::json& object, const std::string& prefix,
                    const std::string& pointer, const std::string& file,
                    std::vector<std::string>& errors,
                    const std::vector<std::string>& requiredArrays = {});

/** The keys directly under `prefix` ("" for the root, "a.b." or "a[]." below): its leaves, the
 *  names of its nested objects ("x" of "x.y") and of its arrays of objects ("x" of "x[].y"). */
struct KeyLevel
{
    std::vector<const KeySpec*> leaves;
    std::set<std::string> objects;
    std::set<std::string> arrays;
};
KeyLevel KeysUnder(const KeyTable& table, const std::string& prefix);

/** The key of `table` at `path`, or null. */
const KeySpec* FindKey(const KeyTable& table, const std::string& path);

/** The value of the key at `path` (a path of `table`) in `object`, the object holding it, or the
 *  key's default when `object` lacks it (a key with omitDefault). */
nlohmann::json ValueOrDefault(const KeyTable& table, const std::string& path,
                              const nlohmann::json& object);

/** The keys' paths as a Markdown list ("`prefix.a`, `prefix.b`"), or "—" for none: the keys
 *  column of the registration tables. */
std::string KeyPathList(const KeyTable& table, const std::string& prefix = "");

/** How the README and `--list-keys` name a key's type ("number", "[x, y, z]", ...). */
std::string KeyTypeName(const KeySpec& key);
/** "minimum – maximum" for numeric keys, the choices for strings, "" otherwise. */
std::string KeyRangeText(const KeySpec& key);
/** The table as a Markdown table: key, type, default, range or values, meaning. */
std::string KeyTableMarkdown(const KeyTable& table);

} // namespace eesim

#endif
