#include "nn/architecture.h"

#include "base/error.h"

#include <algorithm>
#include <sstream>

namespace eesim
{

std::string
Architecture::ToText() const
{
    std::ostringstream out;
    out << "name " << name << "\n";
    out << "input " << input.channels << " " << input.height << " " << input.width << "\n";
    out << "classes " << classes << "\n";
    if (!preprocessing.IsDefault())
    {
        out << "preprocess " << preprocessing.ToText() << "\n";
    }
    for (const auto& [key, value] : metadata)
    {
        out << "meta " << key << " " << value << "\n";
    }
    for (std::size_t k = 0; k < segments.size(); ++k)
    {
        out << "segment " << k << "\n";
        for (const auto& layer : segments[k].body)
        {
            out << "body " << layer.ToString() << "\n";
        }
        for (const auto& layer : segments[k].exit)
        {
            out << "exit " << layer.ToString() << "\n";
        }
        for (const auto& layer : segments[k].encoder)
        {
            out << "encoder " << layer.ToString() << "\n";
        }
        for (const auto& layer : segments[k].decoder)
        {
            out << "decoder " << layer.ToString() << "\n";
        }
    }
    return out.str();
}

namespace
{

/** Reads exactly `count` integers from the rest of a line. */
std::vector<int>
ReadInts(std::istringstream& in, int count, int lineNumber)
{
    std::vector<int> values(count);
    for (int& v : values)
    {
        if (!(in >> v))
        {
            throw Error("line " + std::to_string(lineNumber) + ": expected " + std::to_string(count)
                        + " integer(s)");
        }
    }
    return values;
}

std::vector<LayerSpec>&
LayerListOf(SegmentSpec& segment, const std::string& keyword)
{
    if (keyword == "body")
    {
        return segment.body;
    }
    if (keyword == "exit")
    {
        return segment.exit;
    }
    return keyword == "encoder" ? segment.encoder : segment.decoder;
}

/** A layer line ("body conv2d ...") of the latest segment. */
void
ReadLayerLine(Architecture& arch, const std::string& keyword, std::istringstream& in,
              const std::string& where)
{
    if (arch.segments.empty())
    {
        throw Error(where + "'" + keyword + "' before the first 'segment'");
    }
    std::string rest;
    std::getline(in >> std::ws, rest);
    auto& list = LayerListOf(arch.segments.back(), keyword);
    try
    {
        list.push_back(LayerSpec::Parse(rest));
    }
    catch (const Error& e)
    {
        throw Error(where + e.what());
    }
}

/** One line of the architecture text after its keyword; throws Error("line N: ..."). */
void
ReadLine(Architecture& arch, const std::string& keyword, std::istringstream& in, int lineNumber)
{
    const std::string where = "line " + std::to_string(lineNumber) + ": ";
    if (keyword == "name")
    {
        in >> arch.name;
    }
    else if (keyword == "input")
    {
        const auto v = ReadInts(in, 3, lineNumber);
        if (std::any_of(v.begin(), v.end(), [](int d) { return d < 1 || d > 4096; }))
        {
            throw Error(where + "input dimensions must be 1 to 4096");
        }
        arch.input = { v[0], v[1], v[2] };
    }
    else if (keyword == "classes")
    {
        arch.classes = ReadInts(in, 1, lineNumber)[0];
        if (arch.classes < 2 || arch.classes > 100000)
        {
            throw Error(where + "classes must be 2 to 100000");
        }
    }
    else if (keyword == "preprocess")
    {
        std::string rest;
        std::getline(in >> std::ws, rest);
        try
        {
            arch.preprocessing = InputPreprocessing::FromText(rest);
        }
        catch (const Error& e)
        {
            throw Error(where + e.what());
        }
    }
    else if (keyword == "meta")
    {
        std::string key;
        in >> key;
        std::string value;
        std::getline(in >> std::ws, value);
        arch.metadata.emplace_back(key, value);
    }
    else if (keyword == "segment")
    {
        if (ReadInts(in, 1, lineNumber)[0] != int(arch.segments.size()))
        {
            throw Error(where + "segments must be numbered 0, 1, ... in order");
        }
        arch.segments.emplace_back();
    }
    else if (keyword == "body" || keyword == "exit" || keyword == "encoder" || keyword == "decoder")
    {
        ReadLayerLine(arch, keyword, in, where);
    }
    else
    {
        throw Error(where + "unknown keyword '" + keyword + "'");
    }
}

} // namespace

Architecture
Architecture::FromText(const std::string& text)
{
    Architecture arch;
    std::istringstream lines(text);
    std::string line;
    int lineNumber = 0;
    while (std::getline(lines, line))
    {
        ++lineNumber;
        std::istringstream in(line);
        std::string keyword;
        if (in >> keyword)
        {
            ReadLine(arch, keyword, in, lineNumber);
        }
    }
    const std::string problem = arch.preprocessing.Problem(arch.input.channels);
    if (!problem.empty())
    {
        throw Error("preprocess: " + problem);
    }
    return arch;
}

} // namespace eesim
