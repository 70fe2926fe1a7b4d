#include "cli/commands/model-command.h"

#include "base/atomic-file.h"
#include "base/error.h"
#include "channel/awgn.h"
#include "cli/command-line.h"
#include "cli/commands/command-options.h"
#include "cli/commands/dataset-options.h"
#include "cli/commands/model-export-command.h"
#include "cli/commands/model-import-command.h"
#include "nn/dataset.h"
#include "nn/evaluation.h"
#include "nn/model-file.h"
#include "policies/exit-statistics.h"

#include <cstdio>
#include <iostream>

namespace po = boost::program_options;

namespace eesim
{

namespace
{

std::string
Join(const std::vector<LayerSpec>& layers)
{
    std::string text;
    for (const auto& layer : layers)
    {
        text += (text.empty() ? "" : ", ") + layer.ToString();
    }
    return text;
}

int
RunInfo(const std::vector<std::string>& args)
{
    std::string path;
    po::options_description options("eesim model info options");
    options.add_options()("model", po::value(&path)->required(), "model file");
    po::positional_options_description positional;
    positional.add("model", 1);
    po::variables_map values;
    if (!ParseCommandOptions("model info", "eesim model info MODEL", args, options, positional,
                             values))
    {
        return kExitSuccess;
    }
    MultiExitModel model = ModelFile::Load(path);
    const Architecture arch = model.GetArchitecture();
    std::printf("model     %s\nfile      %s (format %u, checksum %s)\n", model.Name().c_str(),
                path.c_str(), ModelFile::FormatVersion(path), ModelFile::Checksum(path).c_str());
    std::printf("input     %s, %d classes, %zu segments, %zu parameters\n",
                model.InputShape().ToString().c_str(), model.Classes(), model.SegmentCount(),
                model.ParameterCount());
    if (!model.Preprocessing().IsDefault())
    {
        std::printf("preprocess %s\n", model.Preprocessing().ToText().c_str());
    }
    for (const auto& [key, value] : arch.metadata)
    {
        std::printf("%-9s %s\n", key.c_str(), value.c_str());
    }
    const double full = double(model.FullFlops());
    std::printf("\n%-8s %12s %7s %12s %10s %13s %12s\n", "segment", "FLOPs", "share", "cumulative",
                "exit FLOPs", "output", "output bytes");
    std::uint64_t cumulative = 0;
    for (std::size_t k = 0; k < model.SegmentCount(); ++k)
    {
        cumulative += model.SegmentFlops(k)
                      + (k > 0 ? model.EncoderFlops(k - 1) + model.DecoderFlops(k - 1) : 0);
        std::printf("%-8zu %12llu %6.1f%% %12llu %10llu %13s %12zu\n", k,
                    (unsigned long long)model.SegmentFlops(k), 100.0 * model.SegmentFlops(k) / full,
                    (unsigned long long)cumulative, (unsigned long long)model.ExitFlops(k),
                    model.SegmentOutputShape(k).ToString().c_str(), model.SegmentOutputBytes(k));
    }
    std::printf(
        "full execution (every segment and bottleneck + final exit head): %llu FLOPs per image\n\n",
        (unsigned long long)model.FullFlops());
    for (std::size_t k = 0; k < arch.segments.size(); ++k)
    {
        std::printf("segment %zu body: %s\n", k, Join(arch.segments[k].body).c_str());
        std::printf("segment %zu exit: %s\n", k, Join(arch.segments[k].exit).c_str());
        if (model.HasBottleneck(k))
        {
            std::printf("segment %zu encoder: %s -> %zu channel symbols (%llu FLOPs)\n", k,
                        Join(arch.segments[k].encoder).c_str(), model.LinkShape(k).Count(),
                        (unsigned long long)model.EncoderFlops(k));
            std::printf("segment %zu decoder: %s (%llu FLOPs)\n", k,
                        Join(arch.segments[k].decoder).c_str(),
                        (unsigned long long)model.DecoderFlops(k));
        }
    }
    return kExitSuccess;
}

/** Mean top-1 probability at exit k over all samples. */
double
MeanConfidence(const Evaluation& evaluation, int exit)
{
    double sum = 0.0;
    for (int n = 0; n < evaluation.samples; ++n)
    {
        const float* row = evaluation.Logits(n, exit);
        sum += ExitStatistics::FromLogits(std::vector<double>(row, row + evaluation.classes))
                   .maxProbability;
    }
    return evaluation.samples ? sum / evaluation.samples : 0.0;
}

int
RunEval(const std::vector<std::string>& args)
{
    std::string path;
    std::string splitName = "test";
    DatasetSource source;
    std::string dump;
    int limit = 0;
    int threads = 0;
    double snrDb = 0.0;
    std::uint64_t seed = 1;
    po::options_description options("eesim model eval options");
    options.add_options()("model", po::value(&path)->required(), "model file")(
        "split", po::value(&splitName),
        "test (the test part, default) or val (the training part's last --validation-images)")(
        "dump", po::value(&dump), "write every sample's per-exit logits to this CSV file")(
        "limit", BoundedValue(&limit, "limit", 0, 1e9), "evaluate only the first N images")(
        "threads,j", BoundedValue(&threads, "threads", 0, 1024), "worker threads (0 = all cores)")(
        "snr-db", BoundedValue(&snrDb, "snr-db", -100, 100),
        "add Gaussian noise at this SNR (dB) to every bottleneck's symbols, as an analog link "
        "would")("seed", BoundedValue(&seed, "seed", 0, 4294967295.0),
                 "seeds that noise (default 1)");
    AddDatasetOptions(options, source);
    po::positional_options_description positional;
    positional.add("model", 1);
    po::variables_map values;
    const std::string synopsis = "eesim model eval MODEL [--split test|val] [--data DIR] "
                                 "[--data-format FORMAT] [--dump FILE] [--limit N] [--snr-db DB]";
    if (!ParseCommandOptions("model eval", synopsis, args, options, positional, values))
    {
        return kExitSuccess;
    }
    CheckDatasetOptions("model eval", source, values);
    if (!dump.empty())
    {
        RequireOutputNotAnInput("model eval", dump, { { "model", path } });
    }
    const Split split = ParseSplit(splitName);
    MultiExitModel model = ModelFile::Load(path);
    const Dataset data = LoadDatasetFor(source, split, model, path, limit);
    BatchLinkEffect link = nullptr;
    if (values.count("snr-db") != 0U)
    {
        link = [&](int first, std::size_t k, Tensor& symbols)
        {
            const std::uint64_t key = std::uint64_t(first) * 64 + k;
            AddAwgn(symbols.Data(), symbols.Size(), snrDb, NoiseSeed(seed, key));
        };
    }
    const Evaluation evaluation = Evaluate(model, data, threads, link);
    if (!dump.empty())
    {
        WriteFileAtomically(dump, "the dump", [&](std::ostream& out) { evaluation.WriteCsv(out); });
    }
    std::printf("model %s (checksum %s) on the %s split, %d images", model.Name().c_str(),
                ModelFile::Checksum(path).c_str(), SplitName(split).c_str(), data.Size());
    std::printf(link ? ", bottleneck symbols at %.1f dB SNR\n" : "\n", snrDb);
    std::printf("%-5s %14s %11s %10s %16s\n", "exit", "cumul. FLOPs", "FLOPs %", "accuracy",
                "mean confidence");
    std::uint64_t cumulative = 0;
    for (int k = 0; k < evaluation.exits; ++k)
    {
        cumulative += model.SegmentFlops(std::size_t(k))
                      + (k > 0 ? model.EncoderFlops(std::size_t(k - 1))
                                     + model.DecoderFlops(std::size_t(k - 1))
                               : 0);
        const std::uint64_t withHead = cumulative + model.ExitFlops(std::size_t(k));
        std::printf("%-5d %14llu %10.1f%% %9.2f%% %15.3f\n", k, (unsigned long long)withHead,
                    100.0 * double(withHead) / double(model.FullFlops()),
                    100.0 * evaluation.Accuracy(k), MeanConfidence(evaluation, k));
    }
    return kExitSuccess;
}

} // namespace

int
RunModelCommand(const std::vector<std::string>& args)
{
    const std::string usage = "usage: eesim model info MODEL | eesim model eval MODEL [options] | "
                              "eesim model import NET.onnx [--config IMPORT.json] --out MODEL.eem | "
                              "eesim model export MODEL --onnx OUT.onnx";
    if (args.empty())
    {
        throw Error("model: missing sub-command (" + usage + ")");
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "info")
    {
        return RunInfo(rest);
    }
    if (args[0] == "eval")
    {
        return RunEval(rest);
    }
    if (args[0] == "import")
    {
        return RunModelImport(rest);
    }
    if (args[0] == "export")
    {
        return RunModelExport(rest);
    }
    if (args[0] == "--help" || args[0] == "-h")
    {
        std::cout << usage << "\n";
        return kExitSuccess;
    }
    throw Error("model: unknown sub-command '" + args[0] + "' (" + usage + ")");
}

} // namespace eesim
