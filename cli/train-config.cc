#include "cli/train-config.h"

#include "base/config-path.h"
#include "base/json-reader.h"
#include "nn/layer-factory.h"

#include <algorithm>

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

} // namespace

TrainConfig
LoadTrainConfig(const std::string& path)
{
    JsonReader root = JsonReader::FromFile(path);
    TrainConfig config;
    const std::string name = root.String("name", "model");
    if (name.empty() || name.find_first_of(" \t\n") != std::string::npos)
    {
        root.AddError("name", "expected a non-empty name without spaces");
    }
    const auto seed = std::uint64_t(root.Integer("seed", 1, 0, 2147483647));
    config.dataDirectory = root.String("data_dir", EESIM_DEFAULT_DATA_DIR);
    config.output = root.String("output", name + ".eem");
    config.output = ResolveBeside(path, config.output);
    config.trainImages = root.Integer("train_images", 0, 0, 1 << 30);
    config.foldBatchNorm = root.Boolean("fold_batch_norm", true);
    JsonReader arch = root.Object("architecture");
    config.architecture = ReadArchitecture(arch, name);
    JsonReader training = root.Object("training");
    config.options = ReadOptions(training, seed);
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
