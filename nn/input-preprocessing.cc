#include "nn/input-preprocessing.h"

#include "base/error.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace eesim
{

namespace
{

/** The shortest text that reads back as exactly `value` (std::to_chars' guarantee). */
template <typename T>
std::string
Shortest(T value)
{
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

std::string
List(const std::vector<float>& values)
{
    std::string text;
    for (float v : values)
    {
        text += (text.empty() ? "" : ",") + Shortest(v);
    }
    return text;
}

/** A whole field as a finite number; throws naming the field. */
template <typename T>
T
ReadNumber(const std::string& text, const std::string& field)
{
    T value{};
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size()
        || !std::isfinite(value))
    {
        throw Error("preprocess: " + field + " \"" + text + "\" is not a finite number");
    }
    return value;
}

std::vector<float>
ReadList(const std::string& text, const std::string& field)
{
    std::vector<float> values;
    std::size_t start = 0;
    while (true)
    {
        const auto comma = text.find(',', start);
        values.push_back(ReadNumber<float>(text.substr(start, comma - start), field));
        if (comma == std::string::npos)
        {
            return values;
        }
        start = comma + 1;
    }
}

/** Channel c's mean and standard deviation: 0 and 1 when none are given. */
float
ChannelValue(const std::vector<float>& values, int c, float fallback)
{
    return values.empty() ? fallback : values[std::size_t(c)];
}

template <typename Raw>
void
ApplyTo(const InputPreprocessing& p, const Raw* raw, const SampleShape& shape, float* out)
{
    const std::size_t plane = std::size_t(shape.height) * shape.width;
    const float divisor = float(p.divisor);
    for (int c = 0; c < shape.channels; ++c)
    {
        const Raw* source = raw + std::size_t(p.bgr ? shape.channels - 1 - c : c) * plane;
        const float mean = ChannelValue(p.mean, c, 0.0F);
        const float deviation = ChannelValue(p.std, c, 1.0F);
        float* target = out + std::size_t(c) * plane;
        // With mean 0 and deviation 1 both steps are exact: bit-identical to float(raw) / 255.0F.
        for (std::size_t i = 0; i < plane; ++i)
        {
            target[i] = (float(source[i]) / divisor - mean) / deviation;
        }
    }
}

} // namespace

bool
InputPreprocessing::IsDefault() const
{
    return *this == InputPreprocessing{};
}

bool
operator==(const InputPreprocessing& a, const InputPreprocessing& b)
{
    return a.divisor == b.divisor && a.mean == b.mean && a.std == b.std && a.bgr == b.bgr;
}

std::string
InputPreprocessing::ToText() const
{
    std::string text = "divisor=" + Shortest(divisor);
    if (!mean.empty())
    {
        text += " mean=" + List(mean);
    }
    if (!std.empty())
    {
        text += " std=" + List(std);
    }
    return text + (bgr ? " order=bgr" : "");
}

InputPreprocessing
InputPreprocessing::FromText(const std::string& text)
{
    InputPreprocessing p;
    std::istringstream in(text);
    std::string field;
    while (in >> field)
    {
        const auto eq = field.find('=');
        const std::string key = field.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : field.substr(eq + 1);
        if (key == "divisor")
        {
            p.divisor = ReadNumber<double>(value, key);
        }
        else if (key == "mean" || key == "std")
        {
            (key == "mean" ? p.mean : p.std) = ReadList(value, key);
        }
        else if (key == "order" && (value == "rgb" || value == "bgr"))
        {
            p.bgr = value == "bgr";
        }
        else
        {
            throw Error("preprocess: unknown field \"" + field
                        + "\" (expected divisor=, mean=, std=, order=rgb or order=bgr)");
        }
    }
    return p;
}

std::string
InputPreprocessing::Problem(int channels) const
{
    if (!(divisor > 0) || !std::isfinite(divisor))
    {
        return "the divisor must be a positive number, got " + Shortest(divisor);
    }
    for (const auto* values : { &mean, &std })
    {
        const char* name = values == &mean ? "mean" : "std";
        if (!values->empty() && int(values->size()) != channels)
        {
            return std::to_string(values->size()) + " " + name + " values for an input of "
                   + std::to_string(channels) + " channel" + (channels == 1 ? "" : "s")
                   + " (give one per channel)";
        }
    }
    for (float s : std)
    {
        if (!(s > 0) || !std::isfinite(s))
        {
            return "every std value must be a positive number, got " + Shortest(s);
        }
    }
    for (float m : mean)
    {
        if (!std::isfinite(m))
        {
            return "every mean value must be a finite number";
        }
    }
    return "";
}

void
InputPreprocessing::Apply(const std::uint8_t* raw, const SampleShape& shape, float* out) const
{
    ApplyTo(*this, raw, shape, out);
}

void
InputPreprocessing::Apply(const float* raw, const SampleShape& shape, float* out) const
{
    ApplyTo(*this, raw, shape, out);
}

} // namespace eesim
