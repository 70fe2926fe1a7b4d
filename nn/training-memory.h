#ifndef EESIM_NN_TRAINING_MEMORY_H
#define EESIM_NN_TRAINING_MEMORY_H

#include "nn/architecture.h"

#include <cstddef>
#include <string>

namespace eesim
{

/** How a training run holds its model and its batches (see Trainer and Evaluate). */
struct TrainingSetup
{
    int batchSize = 1;
    int shards = 1;
    /** Worker threads (0 = all cores): after each epoch, each evaluates validation images on
     *  a model copy of its own. */
    int threads = 0;
};

/** What training an architecture takes in memory, and the layer that takes the most. */
struct TrainingMemory
{
    double totalBytes = 0;
    /** How many times each stored value is held (the model's, gradients, Adam, copies). */
    double valueCopies = 0;
    /** The layer that takes the most: where it is, and what it takes. */
    std::size_t segment = 0;
    std::string list; // body, exit, encoder or decoder
    std::size_t index = 0;
    std::string type;
    double layerBytes = 0;
    double layerValues = 0;
};

/**
 * Estimates, from the layer specs alone (nothing is allocated), the memory that training the
 * architecture takes: every copy of each layer's stored values (the model and its gradients,
 * Adam's two moments, each shard's replica with its gradients, each evaluation worker's copy),
 * each layer's input and output for every sample of a batch (kept for the backward pass), a
 * convolution's unfolded patches per shard and per evaluation worker, and the logits. Layers
 * after one whose shape cannot be worked out (the model builder reports that) are not counted.
 */
TrainingMemory EstimateTrainingMemory(const Architecture& architecture,
                                      const TrainingSetup& setup);

} // namespace eesim

#endif
