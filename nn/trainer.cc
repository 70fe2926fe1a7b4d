#include "nn/trainer.h"

#include "base/error.h"
#include "nn/evaluation.h"
#include "nn/loss.h"
#include "nn/parallel-for.h"

#include <chrono>
#include <cmath>

namespace eesim
{

Trainer::Trainer(MultiExitModel& model, TrainingOptions options)
    : m_model(model)
    , m_options(std::move(options))
    , m_adam(0.9, 0.999, 1e-8, m_options.weightDecay)
    , m_shuffle(m_options.seed ^ 0x5eed5eed5eedULL)
    , m_augment(m_options.seed ^ 0xa06a06a06ULL)
{
    const std::size_t exits = model.SegmentCount();
    if (m_options.exitWeights.empty())
    {
        m_options.exitWeights.assign(exits, 1.0);
    }
    if (m_options.exitWeights.size() != exits)
    {
        throw Error("exit_weights has " + std::to_string(m_options.exitWeights.size())
                    + " entries but the model has " + std::to_string(exits) + " exits");
    }
    if (m_options.shards < 1 || m_options.batchSize < m_options.shards)
    {
        throw Error("batch_size must be at least the shard count");
    }
    m_replicas.assign(std::size_t(m_options.shards), model);
    for (int s = 0; s < m_options.shards; ++s)
    {
        m_linkNoise.emplace_back((m_options.seed ^ 0xc4a22e1ULL) + std::uint64_t(s));
    }
}

void
Trainer::AddLinkNoise(Tensor& symbols, Random& random) const
{
    const auto& noise = m_options.linkNoise;
    for (int n = 0; n < symbols.Batch(); ++n)
    {
        const double snrDb = noise.snrMinDb + (noise.snrMaxDb - noise.snrMinDb) * random.Uniform();
        // Unit signal power (the encoder ends in power_normalize): noise variance = 1 / SNR.
        const double sigma = std::pow(10.0, -snrDb / 20.0);
        float* x = symbols.Sample(n);
        for (std::size_t i = 0; i < symbols.SampleSize(); ++i)
        {
            x[i] += float(sigma * random.Normal());
        }
    }
}

double
Trainer::LearningRate(int epoch, int batch, int batchesPerEpoch) const
{
    const double total = double(m_options.epochs) * batchesPerEpoch;
    const double progress = (double(epoch) * batchesPerEpoch + batch) / total;
    const double floor = m_options.finalLearningRateFraction;
    return m_options.learningRate * (floor + (1 - floor) * 0.5 * (1 + std::cos(M_PI * progress)));
}

int
Trainer::ShardStart(std::size_t shard) const
{
    return int(shard) * m_options.batchSize / m_options.shards;
}

void
Trainer::SyncReplicas()
{
    const auto master = m_model.Parameters();
    for (auto& replica : m_replicas)
    {
        const auto copy = replica.Parameters();
        for (std::size_t i = 0; i < master.size(); ++i)
        {
            copy[i]->value = master[i]->value;
        }
        replica.ZeroGradients();
    }
}

void
Trainer::GatherGradients()
{
    // Fixed shard order keeps the float sums identical from run to run.
    auto master = m_model.Parameters();
    for (std::size_t i = 0; i < master.size(); ++i)
    {
        Parameter& p = *master[i];
        std::fill(p.grad.begin(), p.grad.end(), 0.0F);
        if (!p.trainable)
        {
            // Buffers (batch-norm running statistics): the shards' updates, weighted by the
            // share of the batch each shard saw.
            std::fill(p.value.begin(), p.value.end(), 0.0F);
        }
        for (std::size_t s = 0; s < m_replicas.size(); ++s)
        {
            const Parameter& q = *m_replicas[s].Parameters()[i];
            const float share
                = float(ShardStart(s + 1) - ShardStart(s)) / float(m_options.batchSize);
            for (std::size_t j = 0; j < p.value.size(); ++j)
            {
                if (p.trainable)
                {
                    p.grad[j] += q.grad[j];
                }
                else
                {
                    p.value[j] += q.value[j] * share;
                }
            }
        }
    }
}

Trainer::ShardResult
Trainer::TrainShard(std::size_t shard, const Dataset& train, const int* indices,
                    const ImageTransform* transforms, int count, int batchSize)
{
    MultiExitModel& replica = m_replicas[shard];
    MultiExitModel::LinkEffect link = nullptr;
    if (m_options.linkNoise.enabled)
    {
        link = [&](std::size_t, Tensor& symbols) { AddLinkNoise(symbols, m_linkNoise[shard]); };
    }
    ShardResult result;
    std::vector<int> labels(count);
    for (int n = 0; n < count; ++n)
    {
        labels[n] = train.Label(indices[n]);
    }
    Tensor images = train.Images(indices, count, replica.Preprocessing());
    ApplyTransforms(transforms, images);
    const auto logits = replica.ForwardAll(images, Mode::kTraining, link);
    const std::size_t exits = logits.size();
    std::vector<Tensor> grads;
    result.correct.assign(exits, 0);
    for (std::size_t k = 0; k < exits; ++k)
    {
        grads.emplace_back(count, logits[k].Shape());
        result.loss += m_options.exitWeights[k]
                       * CrossEntropy(logits[k], labels, batchSize, float(m_options.exitWeights[k]),
                                      grads[k]);
        if (m_options.distillationWeight > 0 && k + 1 < exits)
        {
            result.loss += m_options.distillationWeight
                           * Distillation(logits[k], logits.back(),
                                          float(m_options.distillationTemperature), batchSize,
                                          float(m_options.distillationWeight), grads[k]);
        }
        for (int n = 0; n < count; ++n)
        {
            result.correct[k] += ArgMax(logits[k], n) == labels[n] ? 1 : 0;
        }
    }
    replica.BackwardAll(grads);
    return result;
}

EpochReport
Trainer::TrainEpoch(const Dataset& train, int epoch, const BatchProgress& onBatch)
{
    const auto start = std::chrono::steady_clock::now();
    const std::vector<int> order = m_shuffle.Permutation(train.Size());
    const int batchSize = m_options.batchSize;
    const int batches = train.Size() / batchSize; // the last partial batch is dropped
    const int shards = m_options.shards;
    const std::size_t exits = m_model.SegmentCount();
    EpochReport report;
    report.epoch = epoch;
    std::vector<long> correct(exits, 0);
    for (int b = 0; b < batches; ++b)
    {
        SyncReplicas();
        const auto transforms = DrawTransforms(m_options.augmentation, batchSize, m_augment);
        std::vector<ShardResult> results(shards);
        ParallelFor(shards, m_options.threads,
                    [&](int s)
                    {
                        const int offset = s * batchSize / shards;
                        const int count = (s + 1) * batchSize / shards - offset;
                        results[s] = TrainShard(std::size_t(s), train,
                                                order.data() + b * batchSize + offset,
                                                transforms.data() + offset, count, batchSize);
                    });
        GatherGradients();
        m_adam.Step(m_model.Parameters(), LearningRate(epoch, b, batches));
        for (const auto& r : results)
        {
            report.loss += r.loss;
            for (std::size_t k = 0; k < exits; ++k)
            {
                correct[k] += r.correct[k];
            }
        }
        if (onBatch)
        {
            onBatch(b + 1, batches, report.loss / (b + 1),
                    double(correct.back()) / (double(b + 1) * batchSize));
        }
    }
    report.loss /= std::max(batches, 1);
    for (std::size_t k = 0; k < exits; ++k)
    {
        report.trainAccuracy.push_back(double(correct[k]) / std::max(1, batches * batchSize));
    }
    report.seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

void
Trainer::Train(const Dataset& train, const Dataset* validation,
               const std::function<void(const EpochReport&)>& onEpoch, const BatchProgress& onBatch)
{
    if (train.Size() < m_options.batchSize)
    {
        throw Error("the training set (" + std::to_string(train.Size())
                    + " images) is smaller than one batch (" + std::to_string(m_options.batchSize)
                    + ")");
    }
    for (int i = 0; i < train.Size(); ++i)
    {
        if (train.Label(i) >= m_model.Classes())
        {
            throw Error("training label " + std::to_string(train.Label(i))
                        + " does not fit a model with " + std::to_string(m_model.Classes())
                        + " classes");
        }
    }
    m_model.Initialize(m_options.seed);
    for (int epoch = 0; epoch < m_options.epochs; ++epoch)
    {
        EpochReport report = TrainEpoch(train, epoch, onBatch);
        if (validation != nullptr)
        {
            const auto evaluation = Evaluate(m_model, *validation, m_options.threads);
            for (int k = 0; k < evaluation.exits; ++k)
            {
                report.validationAccuracy.push_back(evaluation.Accuracy(k));
            }
        }
        if (onEpoch)
        {
            onEpoch(report);
        }
    }
}

} // namespace eesim
