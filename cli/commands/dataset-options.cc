#include "cli/commands/dataset-options.h"

#include "base/error.h"
#include "cli/commands/command-options.h"
#include "nn/dataset-formats.h"

namespace po = boost::program_options;

namespace eesim
{

void
AddDatasetOptions(po::options_description& options, DatasetSource& source)
{
    std::string formats;
    for (const auto& format : DatasetSource::Formats())
    {
        formats += (formats.empty() ? "" : ", ") + format;
    }
    options.add_options()("data", po::value(&source.dir),
                          "folder of the data set's files (default: Debian's "
                          "dataset-fashion-mnist)")(
        "data-format", po::value(&source.format),
        ("how the data set is stored: " + formats + " (default fashion-mnist)").c_str())(
        "data-layout", po::value(&source.layout),
        "npy: order of 4-dimensional image arrays, nchw (default) or nhwc")(
        "validation-images",
        BoundedValue(&source.validationImages, "validation-images", 1, Dataset::kMaxSamples),
        "the val split is the last N samples of the training part (default 5000)");
}

void
CheckDatasetOptions(const std::string& command, const DatasetSource& source,
                    const po::variables_map& values)
{
    const std::string problem = source.Problem();
    if (!problem.empty())
    {
        throw Error(command + ": " + problem);
    }
    if (values.count("data-layout") != 0U && source.format != "npy")
    {
        throw Error(command + ": --data-layout applies only with --data-format npy");
    }
}

Dataset
LoadDatasetFor(const DatasetSource& source, Split split, const MultiExitModel& model,
               const std::string& modelPath, int limit)
{
    // The shape from the headers first: a wrong data set is refused before it is read.
    const auto header = ReadDatasetHeader(source, split != Split::kTest);
    if (header && header->shape != model.InputShape())
    {
        throw Error(source.dir + ": "
                    + ShapeMismatch(source.format, header->shape, model.InputShape(), modelPath));
    }
    Dataset data = Dataset::Load(source, split);
    if (limit > 0)
    {
        data = data.Head(limit);
    }
    const std::string problem
        = data.MismatchWith(source.format, model.InputShape(), model.Classes(), modelPath);
    if (!problem.empty())
    {
        throw Error(source.dir + ": " + problem);
    }
    return data;
}

} // namespace eesim
