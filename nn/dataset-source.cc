#include "nn/dataset-source.h"

#include <algorithm>

namespace eesim
{

namespace
{

std::string
Choices(const std::vector<std::string>& values)
{
    std::string text;
    for (const auto& v : values)
    {
        text += (text.empty() ? "" : ", ") + v;
    }
    return text;
}

} // namespace

std::string
DatasetSource::DefaultDirectory()
{
    return EESIM_DEFAULT_DATA_DIR;
}

const std::vector<std::string>&
DatasetSource::Formats()
{
    static const std::vector<std::string> formats
        = { "fashion-mnist", "idx", "cifar10", "cifar100", "npy" };
    return formats;
}

const std::vector<std::string>&
DatasetSource::Layouts()
{
    static const std::vector<std::string> layouts = { "nchw", "nhwc" };
    return layouts;
}

std::string
DatasetSource::Problem() const
{
    if (std::find(Formats().begin(), Formats().end(), format) == Formats().end())
    {
        return "unknown data set format \"" + format + "\" (expected one of " + Choices(Formats())
               + ")";
    }
    if (std::find(Layouts().begin(), Layouts().end(), layout) == Layouts().end())
    {
        return "unknown layout \"" + layout + "\" (expected one of " + Choices(Layouts()) + ")";
    }
    if (validationImages < 1)
    {
        return "the validation split needs at least one image";
    }
    return "";
}

} // namespace eesim
