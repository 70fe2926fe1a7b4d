#ifndef EESIM_BASE_JSON_DOM_BUILDER_H
#define EESIM_BASE_JSON_DOM_BUILDER_H

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Builds a JSON document from nlohmann's SAX events, refusing what the plain parser accepts
 * silently or pays for dearly: a key given twice in one object (the plain parser keeps the last),
 * a number beyond the range of a double (1e400), and nesting deeper than kMaxJsonDepth (checked
 * in O(1) per event; nlohmann's parser callbacks rescan a container at every value, quadratic in
 * its size). Errors throw eesim::Error("WHAT: /json/pointer: problem").
 */
class JsonDomBuilder
{
  public:
    using json = nlohmann::json;

    /** `what` names the input in errors; with `syntaxErrorsThrow` false, a syntax error only
     *  makes the parse return false (for text that may or may not be JSON). */
    explicit JsonDomBuilder(std::string what, bool syntaxErrorsThrow = true);

    /** The document; valid once nlohmann::json::sax_parse returned true. */
    json& Document() { return m_root; }

    // nlohmann::json_sax interface.
    bool null();
    bool boolean(bool value);
    bool number_integer(json::number_integer_t value);
    bool number_unsigned(json::number_unsigned_t value);
    bool number_float(json::number_float_t value, const std::string& text);
    bool string(json::string_t& value);
    bool binary(json::binary_t& value);
    bool start_object(std::size_t elements);
    bool key(json::string_t& key);
    bool end_object();
    bool start_array(std::size_t elements);
    bool end_array();
    bool parse_error(std::size_t position, const std::string& token,
                     const nlohmann::detail::exception& error);

  private:
    /** Puts `value` where the parser is (the root, the next array element or the pending key). */
    json* Add(json value);
    /** Adds a container and descends into it. */
    bool Open(json container);
    bool Close();
    /** The JSON pointer of the innermost open container ("" for the root). */
    std::string Pointer() const;
    /** The pointer token of the next value in the innermost open container. */
    std::string NextToken() const;
    [[noreturn]] void Fail(const std::string& pointer, const std::string& problem) const;

    std::string m_what;
    bool m_syntaxErrorsThrow;
    json m_root;
    std::vector<json*> m_open;       // containers being filled, outermost first
    std::vector<std::string> m_path; // their pointer tokens ("" for the root)
    std::string m_key;               // the key whose value comes next (in an object)
};

} // namespace eesim

#endif
