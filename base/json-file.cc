#include "base/json-file.h"

#include "base/error.h"
#include "base/input-file.h"
#include "base/json-dom-builder.h"

namespace eesim
{

nlohmann::json
ParseJsonText(const std::string& text, const std::string& what)
{
    JsonDomBuilder builder(what);
    nlohmann::json::sax_parse(text, &builder);
    return std::move(builder.Document());
}

std::optional<nlohmann::json>
ParseJsonTextIfJson(const std::string& text, const std::string& what)
{
    JsonDomBuilder builder(what, /*syntaxErrorsThrow=*/false);
    if (!nlohmann::json::sax_parse(text, &builder))
    {
        return std::nullopt;
    }
    return std::move(builder.Document());
}

nlohmann::json
ParseJsonFile(const std::string& path)
{
    return ParseJsonText(ReadInputFile(path, kMaxJsonFileBytes, "JSON file"), path);
}

} // namespace eesim
