#ifndef EESIM_NN_ONNX_ONNX_EXPORTER_H
#define EESIM_NN_ONNX_ONNX_EXPORTER_H

#include "nn/multi-exit-model.h"

#include <string>

namespace eesim
{

/**
 * Writes an eesim model as an ONNX graph (opset 14) that ONNX tools open (Netron, onnxruntime):
 * one input "image" (batch, C, H, W) with a free batch dimension, one output "exitK" (batch,
 * classes) per exit in order, and the tensor after segment K named "cutK", so the segments stay
 * visible. Each layer becomes its ONNX operator (conv2d a Conv, linear a Gemm, power_normalize a
 * few elementary ones, ...), with the weights as initialisers. The graph passes ONNX's own
 * checker before it is written; `eesim model import` reads it back to the same logits.
 */
void ExportOnnx(MultiExitModel& model, const std::string& path);

} // namespace eesim

#endif
