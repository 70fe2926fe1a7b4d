#ifndef EESIM_NN_LOSS_H
#define EESIM_NN_LOSS_H

#include "nn/tensor.h"

#include <vector>

namespace eesim
{

/** Row-wise softmax of logits (batch x classes) at a temperature, computed stably. */
Tensor Softmax(const Tensor& logits, float temperature = 1.0F);

/**
 * Softmax cross-entropy, summed over the batch and divided by `normalizer` (the full mini-batch
 * size, so shards of one batch add up to its mean). Adds weight * d(loss)/d(logits) into
 * `grad` (same shape as logits) and returns the unweighted loss.
 */
double CrossEntropy(const Tensor& logits, const std::vector<int>& labels, double normalizer,
                    float weight, Tensor& grad);

/**
 * Knowledge distillation (Hinton et al.): T^2 * KL(softmax(teacher/T) || softmax(student/T)),
 * summed and divided by `normalizer`. The teacher is a constant (no gradient flows into it).
 * Adds weight * d(loss)/d(student) into `grad` and returns the unweighted loss.
 */
double Distillation(const Tensor& student, const Tensor& teacher, float temperature,
                    double normalizer, float weight, Tensor& grad);

/** Index of the largest logit of sample n (the first on ties). */
int ArgMax(const Tensor& logits, int n);

} // namespace eesim

#endif
