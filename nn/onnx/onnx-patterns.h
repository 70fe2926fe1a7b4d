#ifndef EESIM_NN_ONNX_ONNX_PATTERNS_H
#define EESIM_NN_ONNX_ONNX_PATTERNS_H

#include "nn/onnx/onnx-model.h"

namespace eesim
{

/** The node a recognised power normalisation becomes: input x, output y, attribute
 *  `elements` (the n of the pattern, checked against the layer's input once shapes are known). */
constexpr const char* kPowerNormalizeOp = "eesim.PowerNormalize";

/**
 * Replaces each power normalisation written with elementary operators -- y = x * sqrt(n /
 * ReduceSum(x * x)) over every axis but the batch, as `eesim model export` writes eesim's
 * power_normalize -- by one node of kPowerNormalizeOp, so that the importer reads it as the
 * layer it is. The intermediate tensors must have no other readers; anything else is left as it
 * is.
 */
void FusePowerNormalize(OnnxModel& model);

} // namespace eesim

#endif
