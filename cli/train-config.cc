#include "cli/train-config.h"

#include "base/config-path.h"
#include "base/json-reader.h"
#include "cli/preprocessing-config.h"
#include "nn/dataset.h"
#include "nn/layer-factory.h"
#include "nn/training-memory.h"

#include <algorithm>
#include <cstdio>

namespace eesim
{

namespace
{

std::vector<LayerSpec>
ReadLayers(JsonReader& segment, const std::string& key)
{
    std::vector<LayerSpec> layers;
    const auto known = KnownLayerTypes();
    for (JsonReader& layer : segment.ObjectArray(key))
    {
        LayerSpec spec;
        spec.type = layer.String("type", "");
        if (std::find(known.begin(), known.end(), spec.type) == known.end())
        {
            const std::string suggestion = ClosestMatch(spec.type, known);
            layer.AddError(
                "type",
                "unknown layer type \"" + spec.type + "\""
                    + (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"));
        }
        // A layer reads the previous one unless `inputs` names others (-1: the list's input).
        if (layer.Has("inputs"))
        {
            spec.inputs = layer.IntegerArray("inputs", -1, LayerSpec::kMaxInteger);
        }
        spec.attributes = layer.OtherNumbers({ "type", "inputs" });
        const auto allowed = KnownLayerAttributes(spec.type);
        for (const auto& [name, value] : spec.attributes)
        {
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            {
                const std::string suggestion = ClosestMatch(name, allowed);
                layer.AddError(
                    name,
                    "not an attribute of " + spec.type
                        + (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"));
            }
        }
        layers.push_back(spec);
    }
    return layers;
}

Architecture
ReadArchitecture(JsonReader& reader, const std::string& name)
{
    Architecture arch;
    arch.name = name;
    const auto input = reader.IntegerArray("input", 1, 4096);
    if (input.size() == 3)
    {
        arch.input = { input[0], input[1], input[2] };
    }
    else
    {
        reader.AddError("input", "expected [channels, height, width]");
    }
    arch.classes = reader.Integer("classes", 10, 2, 100000);
    for (JsonReader& segment : reader.ObjectArray("segments"))
    {
        arch.segments.push_back({ ReadLayers(segment, "body"), ReadLayers(segment, "exit"),
                                  ReadLayers(segment, "encoder"), ReadLayers(segment, "decoder") });
    }
    if (arch.segments.empty())
    {
        reader.AddError("segments", "expected at least one segment");
    }
    return arch;
}

TrainingOptions
ReadOptions(JsonReader& reader, std::uint64_t seed)
{
    TrainingOptions options;
    options.seed = seed;
    options.epochs = reader.Integer("epochs", options.epochs, 1, 10000);
    options.batchSize = reader.Integer("batch_size", options.batchSize, 1, 1 << 20);
    options.learningRate = reader.Number("learning_rate", options.learningRate, 1e-8, 10);
    options.finalLearningRateFraction
        = reader.Number("final_learning_rate_fraction", options.finalLearningRateFraction, 0, 1);
    options.weightDecay = reader.Number("weight_decay", options.weightDecay, 0, 1);
    options.exitWeights = reader.NumberArray("exit_weights", 0, 1000);
    options.distillationWeight
        = reader.Number("distillation_weight", options.distillationWeight, 0, 1000);
    options.distillationTemperature
        = reader.Number("distillation_temperature", options.distillationTemperature, 0.01, 100);
    options.shards = reader.Integer("shards", options.shards, 1, 256);
    options.threads = reader.Integer("threads", options.threads, 0, 1024);
    JsonReader augment = reader.Object("augmentation");
    options.augmentation.horizontalFlip = augment.Boolean("horizontal_flip", false);
    options.augmentation.maxShiftPixels = augment.Integer("max_shift_pixels", 0, 0, 16);
    if (reader.Has("link_noise"))
    {
        JsonReader noise = reader.Object("link_noise");
        options.linkNoise.enabled = true;
        options.linkNoise.snrMinDb
            = noise.Number("snr_db_min", options.linkNoise.snrMinDb, -50, 100);
        options.linkNoise.snrMaxDb
            = noise.Number("snr_db_max", options.linkNoise.snrMaxDb, -50, 100);
        if (options.linkNoise.snrMaxDb < options.linkNoise.snrMinDb)
        {
            noise.AddError("snr_db_max", "expected at least snr_db_min");
        }
    }
    return options;
}

/** The data set the model is trained on: the `dataset` object, or `data_dir` alone as before. */
DatasetSource
ReadDataset(JsonReader& root)
{
    DatasetSource source;
    const bool oldFolder = root.Has("data_dir");
    source.dir = root.String("data_dir", source.dir);
    if (!root.Has("dataset"))
    {
        return source;
    }
    JsonReader data = root.Object("dataset");
    if (oldFolder && data.Has("dir"))
    {
        root.AddError("data_dir", "the folder is given twice: keep dataset.dir");
    }
    source.format = data.Choice("format", source.format, DatasetSource::Formats());
    source.dir = data.String("dir", source.dir);
    source.layout = data.Choice("layout", source.layout, DatasetSource::Layouts());
    source.trainImages = data.String("train_images_file", "");
    source.trainLabels = data.String("train_labels_file", "");
    source.validationImages
        = data.Integer("validation_images", source.validationImages, 1, Dataset::kMaxSamples);
    for (const char* key : { "train_images_file", "train_labels_file" })
    {
        if (data.Has(key) && !source.NamesFiles())
        {
            data.AddError(key, "applies only when format is \"idx\" or \"npy\"");
        }
    }
    if (data.Has("layout") && source.format != "npy")
    {
        data.AddError("layout", "applies only when format is \"npy\"");
    }
    return source;
}

/** Refuses an architecture and training setup that would take more than kMaxTrainingBytes,
 *  at the layer that takes the most, before anything is allocated. */
void
CheckTrainingMemory(JsonReader& arch, const TrainConfig& config)
{
    const TrainingSetup setup{ config.options.batchSize, config.options.shards,
                               config.options.threads };
    const TrainingMemory memory
        = EstimateTrainingMemory(config.architecture, setup, kMaxTrainingBytes);
    if (!memory.refusal.empty())
    {
        // The layers do not fit together: say where, as every other mistake in the file.
        arch.AddError("segments",
                      std::to_string(memory.refusedSegment) + "/" + memory.refusedList + "/"
                          + std::to_string(memory.refusedIndex),
                      memory.refusal);
        return;
    }
    if (memory.totalBytes <= kMaxTrainingBytes)
    {
        return;
    }
    auto gb = [](double bytes)
    {
        char text[32];
        std::snprintf(text, sizeof text, bytes < 1e11 ? "%.3g GB" : "%.0f GB", bytes / 1e9);
        return std::string(text);
    };
    std::string problem = "training would take about " + gb(memory.totalBytes)
                          + " of memory, more than the " + gb(kMaxTrainingBytes) + " eesim allows";
    if (memory.layerBytes > 0)
    {
        problem += "; this " + memory.type + " layer takes " + gb(memory.layerBytes) + " (";
        if (memory.layerValues > 0)
        {
            problem += FormatNumber(memory.layerValues) + " values, each held "
                       + FormatNumber(memory.valueCopies)
                       + " times: the model, its gradients, Adam's moments and the copies of "
                         "every shard and evaluation thread; ";
        }
        problem += "its input and output for a batch of " + std::to_string(setup.batchSize)
                   + "): make it smaller, or the batch, the shards or the threads fewer";
    }
    if (memory.layerBytes > 0)
    {
        arch.AddError("segments",
                      std::to_string(memory.segment) + "/" + memory.list + "/"
                          + std::to_string(memory.index),
                      problem);
    }
    else
    {
        arch.AddError("classes", problem);
    }
}

} // namespace

TrainConfig
LoadTrainConfig(const std::string& path, int threads)
{
    JsonReader root = JsonReader::FromFile(path);
    TrainConfig config;
    const std::string name = root.String("name", "model");
    if (name.empty() || name.find_first_of(" \t\n") != std::string::npos)
    {
        root.AddError("name", "expected a non-empty name without spaces");
    }
    const auto seed = std::uint64_t(root.Integer("seed", 1, 0, 2147483647));
    config.dataset = ReadDataset(root);
    config.output = root.String("output", name + ".eem");
    config.output = ResolveBeside(path, config.output);
    config.trainImages = root.Integer("train_images", 0, 0, 1 << 30);
    config.foldBatchNorm = root.Boolean("fold_batch_norm", true);
    JsonReader arch = root.Object("architecture");
    config.architecture = ReadArchitecture(arch, name);
    if (root.Has("preprocess"))
    {
        JsonReader preprocess = root.Object("preprocess");
        config.architecture.preprocessing
            = ReadPreprocessing(preprocess, config.architecture.input.channels);
    }
    JsonReader training = root.Object("training");
    config.options = ReadOptions(training, seed);
    if (threads >= 0)
    {
        config.options.threads = threads;
    }
    CheckTrainingMemory(arch, config);
    const std::size_t exits = config.architecture.segments.size();
    if (!config.options.exitWeights.empty() && config.options.exitWeights.size() != exits)
    {
        training.AddError("exit_weights", "expected one weight per exit (" + std::to_string(exits)
                                              + "), got "
                                              + std::to_string(config.options.exitWeights.size()));
    }
    root.Finish();
    return config;
}

} // namespace eesim
