#include "base/json-text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace eesim
{

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

std::string
UnknownKeyProblem(const std::string& key, const std::vector<std::string>& known)
{
    const std::string suggestion = ClosestMatch(key, known);
    return "unknown key" + (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)");
}

} // namespace eesim
