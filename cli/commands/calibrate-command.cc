#include "cli/commands/calibrate-command.h"

#include "base/error.h"
#include "cli/calibrator.h"
#include "cli/command-line.h"
#include "cli/commands/command-options.h"
#include "cli/commands/dataset-options.h"
#include "nn/dataset.h"
#include "nn/model-file.h"

#include <cstdio>
#include <stdexcept>

namespace po = boost::program_options;

namespace eesim
{

namespace
{

/** MODEL.eem -> MODEL.calibration.json, beside the model. */
std::string
DefaultOutput(const std::string& modelPath)
{
    const std::string suffix = ".eem";
    const bool eem
        = modelPath.size() > suffix.size()
          && modelPath.compare(modelPath.size() - suffix.size(), suffix.size(), suffix) == 0;
    return (eem ? modelPath.substr(0, modelPath.size() - suffix.size()) : modelPath)
           + ".calibration.json";
}

void
PrintTable(const char* title, const CalibrationTable& table, int every)
{
    std::printf("%s\n", title);
    const auto& edges = table.Edges();
    for (std::size_t b = 0; b < table.Accuracy().size(); b += std::size_t(every))
    {
        std::printf("  [%7.2f, %7.2f)  %6.2f %%  (%llu samples)\n", edges[b], edges[b + 1],
                    100.0 * table.Accuracy()[b], (unsigned long long)table.Counts()[b]);
    }
}

void
PrintSummary(const Calibration& calibration)
{
    PrintTable("early exit: accuracy by top-1 probability", calibration.earlyExit, 1);
    for (const auto& [mode, table] : calibration.serverTables)
    {
        const std::string title = "server (" + mode + "): accuracy by SNR (dB)";
        PrintTable(title.c_str(), table, table.Accuracy().size() > 8 ? 5 : 1);
    }
}

} // namespace

int
RunCalibrateCommand(const std::vector<std::string>& args)
{
    std::string path;
    std::string out;
    DatasetSource source;
    CalibrationOptions options;
    int limit = 0;
    po::options_description description("eesim calibrate options");
    description.add_options()("model", po::value(&path)->required(), "model file")(
        "out", po::value(&out), "calibration file to write (default: MODEL.calibration.json)")(
        "split", BoundedValue(&options.split, "split", 0, 1000),
        "the device runs segments 0..K (default: the model's first bottleneck, else 0)")(
        "snr-min",
        BoundedValue(&options.snrMinDb, "snr-min", -100, 100)->default_value(options.snrMinDb),
        "lowest SNR of the analog grid, dB")(
        "snr-max",
        BoundedValue(&options.snrMaxDb, "snr-max", -100, 100)->default_value(options.snrMaxDb),
        "highest SNR of the analog grid, dB")(
        "snr-step",
        BoundedValue(&options.snrStepDb, "snr-step", 0.01, 100)->default_value(options.snrStepDb),
        "step of the analog grid, dB")(
        "confidence-bins",
        BoundedValue(&options.confidenceBins, "confidence-bins", 1, 1000)
            ->default_value(options.confidenceBins),
        "bins of the early exit's top-1 probability")(
        "seed", BoundedValue(&options.seed, "seed", 0, 4294967295.0)->default_value(options.seed),
        "seeds the channel noise")(
        "threads,j", BoundedValue(&options.threads, "threads", 0, 1024),
        "worker threads (0 = all cores)")("limit", BoundedValue(&limit, "limit", 0, 1e9),
                                          "use only the first N validation images");
    AddDatasetOptions(description, source);
    po::positional_options_description positional;
    positional.add("model", 1);
    po::variables_map values;
    const std::string synopsis = "eesim calibrate MODEL [--out FILE] [--split K] [--snr-min DB] "
                                 "[--snr-max DB] [--snr-step DB] [--seed N] [--data DIR] "
                                 "[--data-format FORMAT]";
    if (!ParseCommandOptions("calibrate", synopsis, args, description, positional, values))
    {
        return kExitSuccess;
    }
    CheckDatasetOptions("calibrate", source, values);
    if (options.snrMaxDb < options.snrMinDb)
    {
        throw Error("calibrate: --snr-max must be at least --snr-min");
    }
    out = out.empty() ? DefaultOutput(path) : out;
    RequireOutputNotAnInput("calibrate", out, { { "model", path } });
    MultiExitModel model = ModelFile::Load(path);
    const Dataset data = LoadDatasetFor(source, Split::kValidation, model, path, limit);
    Calibrator calibrator(model, data, options);
    const Calibration calibration = calibrator.Run(ModelFile::Checksum(path));
    try
    {
        calibration.Save(out);
    }
    catch (const std::runtime_error& e)
    {
        throw Error(e.what(), Error::Kind::kRuntime);
    }
    std::printf("calibrated %s (checksum %s) on the validation split (%d images), split after "
                "segment %d\n",
                model.Name().c_str(), calibration.modelChecksum.c_str(), data.Size(),
                calibration.splitAfterSegment);
    PrintSummary(calibration);
    std::printf("wrote %s\n", out.c_str());
    return kExitSuccess;
}

} // namespace eesim
