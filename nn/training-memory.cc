#include "nn/training-memory.h"

#include "base/error.h"
#include "nn/layer-factory.h"
#include "nn/layer-graph.h"
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

/** The bytes one layer takes: every copy of its stored values, its inputs and output for a
 *  batch, and a convolution's unfolded patches per shard and evaluation worker. */
double
LayerBytes(const LayerGraph::LayerShapes& layer, double values, const TrainingSetup& setup)
{
    const double workers = EvaluationWorkers(setup);
    // Training keeps each layer's inputs and output for the whole batch (evaluation's chunks,
    // which hold one layer's at a time, are counted once for the widest layer).
    double elements = double(layer.output.Count());
    for (const SampleShape& input : layer.inputs)
    {
        elements += double(input.Count());
    }
    double bytes = kFloatBytes * (values * ValueCopies(setup) + double(setup.batchSize) * elements);
    if (layer.spec.type == "conv2d")
    {
        // The unfolded patches of one group: two matrices per shard in the backward pass, one
        // per worker.
        const double kernel = layer.spec.GetInt("kernel", 1);
        const double patches = double(layer.inputs.front().channels)
                               / layer.spec.GetIntOr("groups", 1, 1) * kernel * kernel
                               * layer.output.height * layer.output.width;
        bytes += kFloatBytes * patches * (2.0 * setup.shards + workers);
    }
    return bytes;
}

/** Thrown when the layers' stored values alone pass the budget: the last is not made. */
struct OverBudget
{
};

/** The stored values the walk has made so far, against what it may make. */
struct Budget
{
    double stopAboveBytes;
    double madeValueBytes = 0;
};

/** Notes `bytes` for layer `index` of a list when it takes the most so far. */
void
NoteLayer(TrainingMemory& memory, std::size_t segment, const char* list, std::size_t index,
          const std::string& type, double bytes, double values)
{
    if (bytes > memory.layerBytes)
    {
        memory.segment = segment;
        memory.list = list;
        memory.index = index;
        memory.type = type;
        memory.layerBytes = bytes;
        memory.layerValues = values;
    }
}

/**
 * Adds one list's layers, built from `shape` on as the model builder builds them; `shape`
 * becomes the list's output. Before each layer is made its stored values are counted from its
 * spec, and a layer whose values alone pass `stopAboveBytes` is counted and not made, so the
 * estimate never allocates more than the budget. False when the walk stops there, or at a
 * layer the builder refuses (it then says why).
 */
bool
AddList(const std::vector<LayerSpec>& specs, std::size_t segment, const char* list,
        SampleShape& shape, const TrainingSetup& setup, Budget& budget, TrainingMemory& memory,
        double& widest)
{
    std::vector<double> values;
    double listValueBytes = 0; // of this list's layers made so far
    LayerGraph graph;
    try
    {
        graph = LayerGraph::Build(
            specs, shape, list,
            [&](const LayerSpec& complete, std::size_t index)
            {
                const double count = double(StoredValueCount(complete, std::uint64_t(1) << 62));
                const double bytes = kFloatBytes * count * ValueCopies(setup);
                listValueBytes += bytes;
                budget.madeValueBytes += bytes;
                NoteLayer(memory, segment, list, index, complete.type, bytes, count);
                if (budget.madeValueBytes > budget.stopAboveBytes)
                {
                    memory.totalBytes += listValueBytes;
                    throw OverBudget();
                }
                values.push_back(count);
            });
    }
    catch (const OverBudget&)
    {
        return false;
    }
    catch (const LayerError& e)
    {
        memory.refusedSegment = segment;
        memory.refusedList = list;
        memory.refusedIndex = e.Position();
        memory.refusal = e.Problem();
        return false;
    }
    catch (const Error&)
    {
        return false; // the model builder says why
    }
    const std::vector<LayerGraph::LayerShapes> layers = graph.Shapes();
    for (std::size_t i = 0; i < layers.size(); ++i)
    {
        const double bytes = LayerBytes(layers[i], values[i], setup);
        memory.totalBytes += bytes;
        double elements = double(layers[i].output.Count());
        for (const SampleShape& input : layers[i].inputs)
        {
            elements += double(input.Count());
        }
        widest = std::max(widest, elements);
        NoteLayer(memory, segment, list, i, layers[i].spec.type, bytes, values[i]);
    }
    shape = graph.OutputShape();
    return true;
}

} // namespace

TrainingMemory
EstimateTrainingMemory(const Architecture& architecture, const TrainingSetup& setup,
                       double stopAboveBytes)
{
    TrainingMemory memory;
    memory.valueCopies = ValueCopies(setup);
    const double workers = EvaluationWorkers(setup);
    // The logits of every exit: a batch's, their gradients and probabilities, and the
    // evaluation's results and chunks.
    memory.totalBytes
        = kFloatBytes * double(architecture.segments.size()) * architecture.classes
          * (3.0 * setup.batchSize + kValidationImages + kEvaluationChunk * double(workers));
    SampleShape shape = architecture.input;
    if (shape.Count() > MultiExitModel::kMaxSampleElements)
    {
        return memory; // the model builder refuses the input before making any layer
    }
    double widest = 0; // elements of the widest layer's input and output, per sample
    Budget budget{ stopAboveBytes };
    for (std::size_t k = 0; k < architecture.segments.size(); ++k)
    {
        const SegmentSpec& segment = architecture.segments[k];
        if (!AddList(segment.body, k, "body", shape, setup, budget, memory, widest))
        {
            break;
        }
        SampleShape exit = shape;
        SampleShape link = shape;
        if (!AddList(segment.exit, k, "exit", exit, setup, budget, memory, widest)
            || !AddList(segment.encoder, k, "encoder", link, setup, budget, memory, widest)
            || !AddList(segment.decoder, k, "decoder", link, setup, budget, memory, widest))
        {
            break;
        }
        shape = link; // the segment's output, or the decoder's when there is a bottleneck
    }
    memory.totalBytes += kFloatBytes * workers * kEvaluationChunk * widest;
    return memory;
}

} // namespace eesim
