#ifndef EESIM_CLI_TRAIN_CONFIG_H
#define EESIM_CLI_TRAIN_CONFIG_H

#include "nn/architecture.h"
#include "nn/trainer.h"

#include <string>

namespace eesim
{

/** Everything `eesim train CONFIG.json` needs; the README documents each key. */
struct TrainConfig
{
    Architecture architecture;
    TrainingOptions options;
    std::string dataDirectory;
    /** Where the model goes; a relative path is taken from the config file's folder. */
    std::string output;
    /** Use only the first N training images (0 = all 55,000). */
    int trainImages = 0;
    /** Fold batch norm into the preceding layers before saving (the inference form). */
    bool foldBatchNorm = true;
};

/** Reads and validates a training config; throws eesim::Error listing every problem. */
TrainConfig LoadTrainConfig(const std::string& path);

} // namespace eesim

#endif
