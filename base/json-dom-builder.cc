#include "base/json-dom-builder.h"

#include "base/error.h"
#include "base/json-file.h"
#include "base/json-text.h"

namespace eesim
{

JsonDomBuilder::JsonDomBuilder(std::string what, bool syntaxErrorsThrow)
    : m_what(std::move(what))
    , m_syntaxErrorsThrow(syntaxErrorsThrow)
{
}

std::string
JsonDomBuilder::Pointer() const
{
    std::string pointer;
    for (std::size_t i = 1; i < m_path.size(); ++i) // m_path[0] is the root's empty token
    {
        pointer += "/" + m_path[i];
    }
    return pointer;
}

std::string
JsonDomBuilder::NextToken() const
{
    return m_open.back()->is_array() ? std::to_string(m_open.back()->size()) : EscapePointer(m_key);
}

void
JsonDomBuilder::Fail(const std::string& pointer, const std::string& problem) const
{
    throw Error(m_what + ": " + pointer + ": " + problem);
}

JsonDomBuilder::json*
JsonDomBuilder::Add(json value)
{
    if (m_open.empty())
    {
        m_root = std::move(value);
        return &m_root;
    }
    json& parent = *m_open.back();
    if (parent.is_array())
    {
        parent.push_back(std::move(value));
        return &parent.back();
    }
    json& slot = parent[m_key];
    slot = std::move(value);
    return &slot;
}

bool
JsonDomBuilder::Open(json container)
{
    if (int(m_open.size()) > kMaxJsonDepth)
    {
        throw Error(m_what + ": nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    m_path.push_back(m_open.empty() ? "" : NextToken());
    m_open.push_back(Add(std::move(container)));
    return true;
}

bool
JsonDomBuilder::Close()
{
    m_open.pop_back();
    m_path.pop_back();
    return true;
}

bool
JsonDomBuilder::null()
{
    Add(nullptr);
    return true;
}

bool
JsonDomBuilder::boolean(bool value)
{
    Add(value);
    return true;
}

bool
JsonDomBuilder::number_integer(json::number_integer_t value)
{
    Add(value);
    return true;
}

bool
JsonDomBuilder::number_unsigned(json::number_unsigned_t value)
{
    Add(value);
    return true;
}

bool
JsonDomBuilder::number_float(json::number_float_t value, const std::string& /*text*/)
{
    // A number beyond a double never gets here: the lexer reports it (parse_error below).
    Add(value);
    return true;
}

bool
JsonDomBuilder::string(json::string_t& value)
{
    Add(std::move(value));
    return true;
}

bool
JsonDomBuilder::binary(json::binary_t& value)
{
    Add(json::binary(std::move(value)));
    return true;
}

bool
JsonDomBuilder::start_object(std::size_t /*elements*/)
{
    return Open(json::object());
}

bool
JsonDomBuilder::key(json::string_t& key)
{
    if (m_open.back()->contains(key))
    {
        Fail(Pointer() + "/" + EscapePointer(key),
             "duplicate key \"" + key + "\" (each key may appear once in an object)");
    }
    m_key = std::move(key);
    return true;
}

bool
JsonDomBuilder::end_object()
{
    return Close();
}

bool
JsonDomBuilder::start_array(std::size_t /*elements*/)
{
    return Open(json::array());
}

bool
JsonDomBuilder::end_array()
{
    return Close();
}

bool
JsonDomBuilder::parse_error(std::size_t /*position*/, const std::string& /*token*/,
                            const nlohmann::detail::exception& error)
{
    constexpr int kNumberOverflow = 406; // nlohmann's out_of_range.406: a number beyond double
    if (error.id == kNumberOverflow)
    {
        Fail(m_open.empty() ? "/" : Pointer() + "/" + NextToken(),
             "number out of range (a double reaches about 1.8e308)");
    }
    if (!m_syntaxErrorsThrow)
    {
        return false;
    }
    // what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
    const std::string what = error.what();
    const auto at = what.find("parse error");
    throw Error(m_what + ": " + (at == std::string::npos ? what : what.substr(at)));
}

} // namespace eesim
