#include "cli/commands/train-command.h"

#include "base/config-path.h"
#include "base/error.h"
#include "cli/command-line.h"
#include "cli/commands/command-options.h"
#include "cli/progress-bar.h"
#include "cli/train-config.h"
#include "nn/dataset-formats.h"
#include "nn/dataset.h"
#include "nn/model-file.h"
#include "nn/trainer.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;

namespace eesim
{

namespace
{

std::string
FormatAccuracies(const std::vector<double>& accuracies)
{
    std::string text;
    for (double a : accuracies)
    {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%s%.2f", text.empty() ? "" : " ", 100 * a);
        text += buffer;
    }
    return text;
}

/** Fails before a long training run, not after it, when the model could not be saved. */
void
RequireWritableFolder(const std::string& output)
{
    if (access(FolderOf(output).c_str(), W_OK) != 0)
    {
        throw Error(output + ": cannot write the model there (" + std::strerror(errno) + ")");
    }
}

/** Trains `model`, showing a progress bar per epoch and a line with each epoch's figures. */
void
TrainWithProgress(MultiExitModel& model, const TrainingOptions& options, const Dataset& train,
                  const Dataset& validation, bool showProgress)
{
    Trainer trainer(model, options);
    ProgressBar bar("epoch 1", showProgress);
    trainer.Train(
        train, &validation,
        [&](const EpochReport& report)
        {
            char note[256];
            std::snprintf(note, sizeof note, "loss %.4f | train acc %s | val acc %s | %.0fs",
                          report.loss, FormatAccuracies(report.trainAccuracy).c_str(),
                          FormatAccuracies(report.validationAccuracy).c_str(), report.seconds);
            bar.Finish(note);
            bar = ProgressBar("epoch " + std::to_string(report.epoch + 2), showProgress);
        },
        [&](int done, int total, double loss, double accuracy)
        {
            char note[96];
            std::snprintf(note, sizeof note, "loss %.4f acc %.2f%%", loss, 100 * accuracy);
            bar.Update(done, total, note);
        });
}

/** A split of the config's data set, checked against the model being trained: the shape from
 *  the headers before anything is read, the labels against its classes once read. */
Dataset
LoadTrainingData(const TrainConfig& config, const std::string& configPath,
                 const MultiExitModel& model, Split split)
{
    const DatasetSource& source = config.dataset;
    const std::string trained = "of " + configPath;
    const auto header = ReadDatasetHeader(source, true);
    if (header && header->shape != model.InputShape())
    {
        throw Error(source.dir + ": "
                    + ShapeMismatch(source.format, header->shape, model.InputShape(), trained));
    }
    Dataset data = Dataset::Load(source, split);
    const std::string problem
        = data.MismatchWith(source.format, model.InputShape(), model.Classes(), trained);
    if (!problem.empty())
    {
        throw Error(source.dir + ": " + problem);
    }
    return data;
}

} // namespace

int
RunTrainCommand(const std::vector<std::string>& args)
{
    std::string configPath;
    std::string output;
    int threads = -1;
    po::options_description options("eesim train options");
    options.add_options()("config", po::value(&configPath)->required(), "training config (JSON)")(
        "out,o", po::value(&output), "model file to write (default: the config's \"output\")")(
        "threads,j", BoundedValue(&threads, "threads", 0, 1024),
        "worker threads (default: the config's, 0 = all cores)")("quiet,q", "no progress bar");
    po::positional_options_description positional;
    positional.add("config", 1);
    po::variables_map values;
    if (!ParseCommandOptions("train", "eesim train CONFIG.json [--out MODEL] [--threads N]", args,
                             options, positional, values))
    {
        return kExitSuccess;
    }
    const bool quiet = values.count("quiet") != 0U;

    TrainConfig config = LoadTrainConfig(configPath, threads);
    if (!output.empty())
    {
        config.output = output;
    }
    RequireWritableFolder(config.output);
    RequireOutputNotAnInput("train", config.output, { { "training config", configPath } });
    MultiExitModel model = MultiExitModel::Build(config.architecture);
    Dataset train = LoadTrainingData(config, configPath, model, Split::kTrain);
    if (config.trainImages > 0)
    {
        train = train.Head(config.trainImages);
    }
    const Dataset validation = LoadTrainingData(config, configPath, model, Split::kValidation);
    std::fprintf(stderr, "training %s: %zu parameters, %d exits, %d training images, %d epochs\n",
                 model.Name().c_str(), model.ParameterCount(), int(model.SegmentCount()),
                 train.Size(), config.options.epochs);

    const auto start = std::chrono::steady_clock::now();
    TrainWithProgress(model, config.options, train, validation, !quiet);
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (config.foldBatchNorm)
    {
        model.FoldBatchNorm();
    }
    // The format, not the folder: the same config gives the same file wherever the data lie.
    model.Metadata().emplace_back(
        "dataset", config.dataset.format + " train[0:" + std::to_string(train.Size()) + "]");
    model.Metadata().emplace_back("seed", std::to_string(config.options.seed));
    // No wall-clock figures in the file: the same config and seed give a byte-identical model.
    model.Metadata().emplace_back("epochs", std::to_string(config.options.epochs));
    ModelFile::Save(model, config.output);
    std::printf("wrote %s (checksum %s) after %.0f s\n", config.output.c_str(),
                ModelFile::Checksum(config.output).c_str(), seconds);
    return kExitSuccess;
}

} // namespace eesim
