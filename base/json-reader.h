#ifndef EESIM_BASE_JSON_READER_H
#define EESIM_BASE_JSON_READER_H

#include "base/json-file.h"
#include "base/json-text.h"
#include "base/key-table.h"

#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Reads typed values out of a JSON object while collecting every problem, so a user sees all
 * mistakes at once. Each problem reads `FILE: /json/pointer: what is wrong (expected ..., got
 * ...)`. Keys that no one asked for are reported by Finish() with a "did you mean" suggestion.
 */
class JsonReader
{
  public:
    /** Parses a file; a file that cannot be read or parsed throws eesim::Error at once. */
    static JsonReader FromFile(const std::string& path);
    JsonReader(std::string file, nlohmann::json value);

    /** A member object (an empty one when absent, or after recording an error). */
    JsonReader Object(const std::string& key);
    /** Elements of a member array of objects. */
    std::vector<JsonReader> ObjectArray(const std::string& key);
    bool Has(const std::string& key) const;

    double Number(const std::string& key, double fallback, double minimum, double maximum);
    int Integer(const std::string& key, int fallback, int minimum, int maximum);
    std::string String(const std::string& key, const std::string& fallback);
    /** A string that must be one of `choices` (the error lists them, with a "did you mean"). */
    std::string Choice(const std::string& key, const std::string& fallback,
                       const std::vector<std::string>& choices);
    bool Boolean(const std::string& key, bool fallback);
    std::vector<double> NumberArray(const std::string& key, double minimum, double maximum);
    std::vector<int> IntegerArray(const std::string& key, int minimum, int maximum);
    std::vector<std::string> StringArray(const std::string& key);
    /** Numeric members other than the given ones, for free-form attribute maps. */
    std::vector<std::pair<std::string, double>> OtherNumbers(const std::vector<std::string>& skip);

    /** Records an error at this object's pointer (or at a member's). */
    void AddError(const std::string& key, const std::string& problem);
    /** Records an error at element `index` of the member array `key`. */
    void AddError(const std::string& key, const std::string& index, const std::string& problem);
    /** Reports unknown keys, then throws eesim::Error with every problem (one per line) when
     *  there is any. Call on the root reader once everything is read. */
    void Finish();
    const std::string& File() const { return m_state->file; }

  private:
    struct Node
    {
        std::string pointer;
        const nlohmann::json* value;
        std::vector<std::string> known;
    };
    struct State
    {
        std::string file;
        nlohmann::json root;
        std::deque<Node> nodes; // a deque keeps Node addresses stable as readers are added
        std::vector<std::string> errors;
    };
    JsonReader(std::shared_ptr<State> state, std::size_t node);

    Node& Self() const { return m_state->nodes[m_node]; }
    /** The member checked against `key` (base/key-table.h, the one value checker), marked as
     *  known; null when absent or after recording its problem. */
    const nlohmann::json* Checked(const KeySpec& key);
    /** The member, marked as known; null when absent. */
    const nlohmann::json* Member(const std::string& key) const;
    std::string Pointer(const std::string& key) const;
    JsonReader Child(const std::string& pointer, const nlohmann::json* value) const;

    std::shared_ptr<State> m_state;
    std::size_t m_node;
};

} // namespace eesim

#endif
