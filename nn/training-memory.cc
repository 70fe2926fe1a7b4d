#include "nn/training-memory.h"

#include "base/error.h"
#include "nn/layer-factory.h"
#include "nn/multi-exit-model.h"
#include "nn/parallel-for.h"

#include <algorithm>
#include <cmath>

namespace eesim
{

namespace
{

constexpr double kFloatBytes = 4;
/** The validation images Evaluate runs after each epoch, and how many one worker takes at a
 *  time (kChunk in nn/evaluation.cc). */
constexpr double kValidationImages = 5000;
constexpr double kEvaluationChunk = 250;

/**
 * One layer's output shape, as its class computes it, with its elements in `count` (in doubles:
 * a hostile spec overflows nothing here). The model builder makes a layer before it checks the
 * layer's input, so a layer that does not fit its input still counts: it gets an empty shape
 * (and the builder then refuses it), as does an output larger than the builder allows. Throws
 * eesim::Error for a spec the builder cannot make at all (a missing attribute).
 */
SampleShape
OutputShape(const LayerSpec& spec, SampleShape in, double& count)
{
    double channels = in.channels;
    double height = in.height;
    double width = in.width;
    bool fits = true;
    if (spec.type == "conv2d" || spec.type == "max_pool")
    {
        const bool conv = spec.type == "conv2d";
        const double kernel = spec.GetInt("kernel", 1);
        const double stride = spec.GetIntOr("stride", conv ? 1 : int(kernel), 1);
        const double padding = conv ? spec.GetIntOr("padding", 0, 0) : 0;
        fits = height + 2 * padding >= kernel && width + 2 * padding >= kernel;
        channels = conv ? spec.GetInt("out_channels", 1) : channels;
        height = std::floor((height + 2 * padding - kernel) / stride) + 1;
        width = std::floor((width + 2 * padding - kernel) / stride) + 1;
    }
    else if (spec.type == "linear" || spec.type == "flatten")
    {
        fits = spec.type == "flatten" || (in.height == 1 && in.width == 1);
        channels = spec.type == "linear" ? spec.GetInt("out_features", 1) : double(in.Count());
        height = width = 1;
    }
    else if (spec.type != "batch_norm" && spec.type != "relu" && spec.type != "power_normalize")
    {
        throw Error("unknown layer type");
    }
    count = fits ? channels * height * width : 0;
    if (!fits || count > double(MultiExitModel::kMaxSampleElements))
    {
        return {};
    }
    return { int(channels), int(height), int(width) };
}

/** The model copies evaluating the validation images in parallel: one per thread, at most one
 *  per chunk. */
double
EvaluationWorkers(const TrainingSetup& setup)
{
    return std::min(double(ResolveThreads(setup.threads)),
                    std::ceil(kValidationImages / kEvaluationChunk));
}

/** How many times training holds each stored value: the model, its gradients and Adam's two
 *  moments; a replica and its gradients per shard; a copy (with its gradient buffers) per
 *  evaluation worker. */
double
ValueCopies(const TrainingSetup& setup)
{
    return 2 + 2 + 2.0 * setup.shards + 2.0 * EvaluationWorkers(setup);
}

/** The values a complete spec stores (as StoredValueCount counts them, in doubles). */
double
StoredValues(const LayerSpec& spec)
{
    if (spec.type == "conv2d")
    {
        const double kernel = spec.GetInt("kernel", 1);
        return spec.GetInt("out_channels", 1) * (spec.GetInt("in_channels", 1) * kernel * kernel + 1);
    }
    if (spec.type == "linear")
    {
        return spec.GetInt("out_features", 1) * (spec.GetInt("in_features", 1) + 1.0);
    }
    return spec.type == "batch_norm" ? 4.0 * spec.GetInt("channels", 1) : 0.0;
}

/** The bytes one layer takes, given its input and the elements of its output per sample. */
double
LayerBytes(const LayerSpec& spec, SampleShape in, double out, const TrainingSetup& setup)
{
    const double workers = EvaluationWorkers(setup);
    const double copies = ValueCopies(setup);
    // Training keeps each layer's input and output for the whole batch (evaluation's chunks,
    // which hold one layer's at a time, are counted once for the widest layer).
    double bytes = kFloatBytes
                   * (StoredValues(spec) * copies
                      + double(setup.batchSize) * (double(in.Count()) + out));
    if (spec.type == "conv2d")
    {
        // The unfolded patches: two matrices per shard in the backward pass, one per worker.
        const double kernel = spec.GetInt("kernel", 1);
        const double patches = double(in.channels) * kernel * kernel * out / spec.GetInt("out_channels", 1);
        bytes += kFloatBytes * patches * (2.0 * setup.shards + workers);
    }
    return bytes;
}

/** Adds a list's layers from `shape` on; false when a layer's shape cannot be worked out (the
 *  model builder says why), after counting that layer when it has one. */
bool
AddLayers(const std::vector<LayerSpec>& layers, std::size_t segment, const char* list,
          SampleShape& shape, const TrainingSetup& setup, TrainingMemory& memory, double& widest)
{
    for (std::size_t i = 0; i < layers.size(); ++i)
    {
        double count = 0;
        SampleShape out;
        LayerSpec spec;
        try
        {
            spec = CompleteLayerSpec(layers[i], shape);
            out = OutputShape(spec, shape, count);
        }
        catch (const Error&)
        {
            return false;
        }
        const double bytes = LayerBytes(spec, shape, count, setup);
        memory.totalBytes += bytes;
        widest = std::max(widest, double(shape.Count()) + count);
        if (bytes > memory.layerBytes)
        {
            memory = { memory.totalBytes, memory.valueCopies, segment,           list, i,
                       spec.type,         bytes,              StoredValues(spec) };
        }
        if (out.channels == 0)
        {
            return false;
        }
        shape = out;
    }
    return true;
}

} // namespace

TrainingMemory
EstimateTrainingMemory(const Architecture& architecture, const TrainingSetup& setup)
{
    TrainingMemory memory;
    memory.valueCopies = ValueCopies(setup);
    const double workers = EvaluationWorkers(setup);
    // The logits of every exit: a batch's, their gradients and probabilities, and the
    // evaluation's results and chunks.
    memory.totalBytes = kFloatBytes * double(architecture.segments.size()) * architecture.classes
                        * (3.0 * setup.batchSize + kValidationImages
                           + kEvaluationChunk * double(workers));
    SampleShape shape = architecture.input;
    if (shape.Count() > MultiExitModel::kMaxSampleElements)
    {
        return memory; // the model builder refuses the input before making any layer
    }
    double widest = 0; // elements of the widest layer's input and output, per sample
    for (std::size_t k = 0; k < architecture.segments.size(); ++k)
    {
        const SegmentSpec& segment = architecture.segments[k];
        if (!AddLayers(segment.body, k, "body", shape, setup, memory, widest))
        {
            break;
        }
        SampleShape exit = shape;
        SampleShape link = shape;
        if (!AddLayers(segment.exit, k, "exit", exit, setup, memory, widest)
            || !AddLayers(segment.encoder, k, "encoder", link, setup, memory, widest)
            || !AddLayers(segment.decoder, k, "decoder", link, setup, memory, widest))
        {
            break;
        }
        shape = link; // the segment's output, or the decoder's when there is a bottleneck
    }
    memory.totalBytes += kFloatBytes * workers * kEvaluationChunk * widest;
    return memory;
}

} // namespace eesim
