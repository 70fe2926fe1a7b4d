#ifndef EESIM_NN_TRAINER_H
#define EESIM_NN_TRAINER_H

#include "nn/adam.h"
#include "nn/augmentation.h"
#include "nn/dataset.h"
#include "nn/multi-exit-model.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace eesim
{

/** Channel noise on the symbols of every bottleneck during training: each sample sees additive
 *  white Gaussian noise at its own SNR, drawn uniformly in dB from [snrMinDb, snrMaxDb], so the
 *  decoder learns to work across the range of channels it will meet. */
struct LinkNoiseOptions
{
    bool enabled = false;
    double snrMinDb = -5.0;
    double snrMaxDb = 25.0;
};

/** Settings of a training run; every field has the default used when a config omits it. */
struct TrainingOptions
{
    std::uint64_t seed = 1;
    int epochs = 10;
    int batchSize = 128;
    double learningRate = 2e-3;
    /** The learning rate decays along a cosine to this fraction of its start by the end. */
    double finalLearningRateFraction = 0.02;
    double weightDecay = 0.0;
    /** Weight of each exit's cross-entropy in the joint loss; empty means 1 for every exit. */
    std::vector<double> exitWeights;
    /** Distillation from the final exit into the earlier ones (0 turns it off). */
    double distillationWeight = 0.0;
    double distillationTemperature = 3.0;
    /** Each mini-batch is split into this many shards, processed in parallel on model
     *  replicas; results depend on the shard count but never on the thread count. */
    int shards = 4;
    /** Worker threads (0 = all cores). */
    int threads = 0;
    /** Random perturbation of training images (off by default). */
    AugmentationOptions augmentation;
    /** Noise on bottleneck symbols (off by default). */
    LinkNoiseOptions linkNoise;
};

/** What one epoch did. Accuracies are fractions per exit. */
struct EpochReport
{
    int epoch = 0;
    double loss = 0.0;
    std::vector<double> trainAccuracy;
    std::vector<double> validationAccuracy; // empty without a validation set
    double seconds = 0.0;
};

/** Progress inside an epoch: batches done, batches in all, mean loss so far, final-exit
 *  accuracy so far. */
using BatchProgress = std::function<void(int, int, double, double)>;

/**
 * Joint training of every exit: loss = sum_k w_k CE(exit_k) + lambda * sum_{k<K} KD(exit_k <-
 * final exit), optimised with Adam over shuffled mini-batches. Deterministic for a given seed
 * and shard count.
 *
 * A channel-aware model has a bottleneck (encoder, decoder) after some segment; with
 * options.linkNoise the symbols between them get Gaussian noise at a random SNR per sample. Each
 * shard draws its noise from its own generator, so the noise is as deterministic as the rest.
 */
class Trainer
{
  public:
    Trainer(MultiExitModel& model, TrainingOptions options);

    /** Trains for options.epochs; reports after every epoch (validation may be null). */
    void Train(const Dataset& train, const Dataset* validation,
               const std::function<void(const EpochReport&)>& onEpoch,
               const BatchProgress& onBatch = nullptr);

    /** One pass over `train` in a seeded random order. */
    EpochReport TrainEpoch(const Dataset& train, int epoch, const BatchProgress& onBatch);

    double LearningRate(int epoch, int batch, int batchesPerEpoch) const;

  private:
    struct ShardResult
    {
        double loss = 0.0;
        int correctFinal = 0;
        std::vector<int> correct; // per exit
    };

    ShardResult TrainShard(std::size_t shard, const Dataset& train, const int* indices,
                           const ImageTransform* transforms, int count, int batchSize);
    /** Adds noise at a per-sample SNR to unit-power symbols, drawing from `random`. */
    void AddLinkNoise(Tensor& symbols, Random& random) const;
    /** First position of a shard within a mini-batch (shard == shards gives batchSize). */
    int ShardStart(std::size_t shard) const;
    void SyncReplicas();
    void GatherGradients();

    MultiExitModel& m_model;
    TrainingOptions m_options;
    Adam m_adam;
    Random m_shuffle;
    Random m_augment;
    std::vector<MultiExitModel> m_replicas;
    std::vector<Random> m_linkNoise; // one generator per shard
};

} // namespace eesim

#endif
