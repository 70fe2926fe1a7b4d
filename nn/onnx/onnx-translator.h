#ifndef EESIM_NN_ONNX_ONNX_TRANSLATOR_H
#define EESIM_NN_ONNX_ONNX_TRANSLATOR_H

#include "nn/layer-spec.h"
#include "nn/onnx/onnx-model.h"
#include "nn/onnx/onnx-sections.h"

#include <string>
#include <vector>

namespace eesim
{

/** A layer made from ONNX nodes, with its values in the order of the layer's Parameters()
 *  (conv2d and linear: weight, bias; batch_norm: gamma, beta, running mean, running variance). */
struct ImportedLayer
{
    LayerSpec spec;
    std::vector<std::vector<float>> values;
    /** When not 0: the elements per sample the layer's input must have (a power normalisation
     *  written with the n of its sample size), checked once shapes are known. */
    double inputElements = 0;
};

/** The ONNX operators the importer translates, sorted. */
std::vector<std::string> SupportedOnnxOperators();

/** Throws eesim::Error naming the first node whose operator is not supported, with the list. */
void CheckOnnxOperators(const OnnxModel& model);

/**
 * Translates one section into a layer list over the section's input: Conv to conv2d (a `pad`
 * before it when its padding is not the same on every side), Gemm and MatMul (with the Add of
 * its bias) to linear, BatchNormalization to batch_norm (folded into the layer before it later),
 * the pools, activations, Add, Mul, Concat, Flatten and Reshape-to-flat to their layers, and
 * Dropout and Identity to nothing. Throws eesim::Error naming the node for an attribute eesim
 * cannot honour (a non-square kernel, say).
 */
std::vector<ImportedLayer> TranslateSection(const OnnxModel& model, const OnnxSection& section);

} // namespace eesim

#endif
