#ifndef EESIM_CLI_TRAIN_CONFIG_H
#define EESIM_CLI_TRAIN_CONFIG_H

#include "nn/architecture.h"
#include "nn/dataset-source.h"
#include "nn/trainer.h"

#include <string>

namespace eesim
{

/** Everything `eesim train CONFIG.json` needs; the README documents each key. */
struct TrainConfig
{
    Architecture architecture;
    TrainingOptions options;
    /** The data set: `dataset` (or the older `data_dir` for its folder); training reads its
     *  training part, the last validation images of which it holds out. */
    DatasetSource dataset;
    /** Where the model goes; a relative path is taken from the config file's folder. */
    std::string output;
    /** Use only the first N training images (0 = all 55,000). */
    int trainImages = 0;
    /** Fold batch norm into the preceding layers before saving (the inference form). */
    bool foldBatchNorm = true;
};

/**
 * The most memory a training run may take, as EstimateTrainingMemory (nn/training-memory.h)
 * counts it: 1.5 GB, so that with the training images (some 190 MB of float32 for
 * Fashion-MNIST) and what the estimate leaves out a run stays under 2 GB. A layer of a million
 * outputs, a huge kernel or a huge batch would otherwise end in an allocation failure.
 */
constexpr double kMaxTrainingBytes = 1.5e9;

/** Reads and validates a training config; `threads` >= 0 replaces the config's thread count
 *  (the --threads option) before the memory the training takes is checked. Throws
 *  eesim::Error listing every problem. */
TrainConfig LoadTrainConfig(const std::string& path, int threads = -1);

} // namespace eesim

#endif
