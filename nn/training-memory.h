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
    /** A layer the model builder refuses (the walk stops there): where, and why; empty
     *  `refusal` when every layer was built. */
    std::size_t refusedSegment = 0;
    std::string refusedList;
    std::size_t refusedIndex = 0;
    std::string refusal;
};

/**
 * Estimates the memory that training the architecture takes: every copy of each layer's stored
 * values (the model and its gradients, Adam's two moments, each shard's replica with its
 * gradients, each evaluation worker's copy), each layer's inputs and output for every sample of a
 * batch (kept for the backward pass), a convolution's unfolded patches per shard and per
 * evaluation worker, and the logits. The layer graphs are built, one list at a time, to know
 * their shapes -- but each layer's values are counted from its spec before it is made, and the
 * walk stops (counting that layer) once the values alone pass `stopAboveBytes`, so the estimate
 * itself never allocates more than that budget. A layer the model builder refuses stops the
 * walk; the estimate then says which and why.
 */
TrainingMemory EstimateTrainingMemory(const Architecture& architecture, const TrainingSetup& setup,
                                      double stopAboveBytes);

} // namespace eesim

#endif
