#include "base/json-file.h"

#include "base/error.h"

#include <fstream>

namespace eesim
{

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

} // namespace eesim
