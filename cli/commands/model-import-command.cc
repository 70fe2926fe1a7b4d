#include "cli/commands/model-import-command.h"

#include "base/error.h"
#include "base/json-reader.h"
#include "cli/command-line.h"
#include "cli/commands/command-options.h"
#include "cli/preprocessing-config.h"
#include "nn/dataset-source.h"
#include "nn/model-file.h"
#include "nn/onnx/onnx-importer.h"

#include <boost/program_options.hpp>
#include <cstdio>

namespace po = boost::program_options;

namespace eesim
{

namespace
{

/** The import config: every key optional; unknown keys are refused. */
OnnxImportOptions
ReadImportConfig(const std::string& path)
{
    OnnxImportOptions options;
    if (path.empty())
    {
        return options;
    }
    JsonReader root = JsonReader::FromFile(path);
    options.name = root.String("name", "");
    if (options.name.find_first_of(" \t\n") != std::string::npos)
    {
        root.AddError("name", "expected a name without spaces");
    }
    options.exits = root.StringArray("exits");
    options.cuts = root.StringArray("cuts");
    const std::vector<int> input = root.IntegerArray("input", 1, 4096);
    if (input.size() == 3)
    {
        options.input = { input[0], input[1], input[2] };
    }
    else if (root.Has("input"))
    {
        root.AddError("input", "expected [channels, height, width]");
    }
    if (root.Has("preprocess"))
    {
        JsonReader preprocess = root.Object("preprocess");
        options.preprocessing = ReadPreprocessing(preprocess, options.input.channels);
    }
    if (root.Has("dataset"))
    {
        options.dataset = root.Choice("dataset", "", DatasetSource::Formats());
    }
    root.Finish();
    return options;
}

} // namespace

int
RunModelImport(const std::vector<std::string>& args)
{
    std::string onnx;
    std::string config;
    std::string out;
    po::options_description options("eesim model import options");
    options.add_options()("onnx", po::value(&onnx)->required(), "the ONNX file")(
        "config", po::value(&config),
        "import config (JSON): name, exits, cuts, input, preprocess, dataset")(
        "out,o", po::value(&out)->required(), "the eesim model file to write");
    po::positional_options_description positional;
    positional.add("onnx", 1);
    po::variables_map values;
    const std::string synopsis = "eesim model import NET.onnx [--config IMPORT.json] --out "
                                 "MODEL.eem";
    if (!ParseCommandOptions("model import", synopsis, args, options, positional, values))
    {
        return kExitSuccess;
    }
    RequireOutputNotAnInput("model import", out, { { "ONNX file", onnx }, { "config", config } });
    const OnnxImportOptions importOptions = ReadImportConfig(config);
    MultiExitModel model = ImportOnnx(onnx, importOptions);
    ModelFile::Save(model, out);
    std::printf("imported %s: %zu exits, input %s, %d classes, %zu parameters, %llu FLOPs for "
                "full execution\nwrote %s (format %u)\n",
                onnx.c_str(), model.SegmentCount(), model.InputShape().ToString().c_str(),
                model.Classes(), model.ParameterCount(), (unsigned long long)model.FullFlops(),
                out.c_str(), ModelFile::FormatVersion(out));
    return kExitSuccess;
}

} // namespace eesim
