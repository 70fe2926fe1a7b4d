#ifndef EESIM_NN_ONNX_ONNX_IMPORTER_H
#define EESIM_NN_ONNX_ONNX_IMPORTER_H

#include "nn/input-preprocessing.h"
#include "nn/multi-exit-model.h"

#include <string>
#include <vector>

namespace eesim
{

/** What `eesim model import` may be told beyond the ONNX file (its --config). */
struct OnnxImportOptions
{
    /** The model's name (default: the file's name without .onnx). */
    std::string name;
    /** The graph outputs that are the exits, in the order they branch off (default: the
     *  graph's outputs in order). */
    std::vector<std::string> exits;
    /** The tensors the segments end at, one per exit (default: the file's "eesim.cuts"
     *  metadata when `eesim model export` wrote it, else where each exit branches off and,
     *  for the last, before the final classifier). */
    std::vector<std::string> cuts;
    /** The per-sample input shape, for graphs whose input dimensions are not fixed (default:
     *  the graph input's C, H, W). */
    SampleShape input{ 0, 0, 0 };
    /** How raw samples become the network's input (default: pixel / 255). */
    InputPreprocessing preprocessing;
    /** The data set the network expects, kept in the model file as its `dataset` (e.g.
     *  "cifar10"); empty: none recorded. */
    std::string dataset;
};

/**
 * Turns a multi-exit network exported to ONNX into an eesim model: the trunk is cut into one
 * segment per exit where each exit's head branches off (nn/onnx/onnx-sections.h), each segment
 * and head is translated into a layer graph (nn/onnx/onnx-translator.h), the weights are copied
 * in, and batch norm is folded into the convolution or linear layer before it. Throws
 * eesim::Error("PATH: problem") for anything it cannot import: an unsupported operator (named,
 * with the supported list), a dynamic shape other than the batch, exits that do not branch off
 * one trunk, weights of another type than float32.
 */
MultiExitModel ImportOnnx(const std::string& path, const OnnxImportOptions& options);

} // namespace eesim

#endif
