#include "cli/commands/model-export-command.h"

#include "cli/command-line.h"
#include "cli/commands/command-options.h"
#include "nn/model-file.h"
#include "nn/onnx/onnx-exporter.h"

#include <boost/program_options.hpp>
#include <cstdio>

namespace po = boost::program_options;

namespace eesim
{

int
RunModelExport(const std::vector<std::string>& args)
{
    std::string path;
    std::string onnx;
    po::options_description options("eesim model export options");
    options.add_options()("model", po::value(&path)->required(), "the eesim model file")(
        "onnx", po::value(&onnx)->required(), "the ONNX file to write");
    po::positional_options_description positional;
    positional.add("model", 1);
    po::variables_map values;
    const std::string synopsis = "eesim model export MODEL --onnx OUT.onnx";
    if (!ParseCommandOptions("model export", synopsis, args, options, positional, values))
    {
        return kExitSuccess;
    }
    RequireOutputNotAnInput("model export", onnx, { { "model", path } });
    MultiExitModel model = ModelFile::Load(path);
    ExportOnnx(model, onnx);
    std::printf("wrote %s: input \"image\" (batch, %d, %d, %d), outputs exit0 to exit%zu, the "
                "tensor after segment K named cutK\n",
                onnx.c_str(), model.InputShape().channels, model.InputShape().height,
                model.InputShape().width, model.SegmentCount() - 1);
    return kExitSuccess;
}

} // namespace eesim
