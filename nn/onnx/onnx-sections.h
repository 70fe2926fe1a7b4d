#ifndef EESIM_NN_ONNX_ONNX_SECTIONS_H
#define EESIM_NN_ONNX_ONNX_SECTIONS_H

#include "nn/onnx/onnx-model.h"

#include <string>
#include <vector>

namespace eesim
{

/** A part of an ONNX graph that becomes one layer list: its nodes (indices into
 *  OnnxModel::nodes, in file order, which ONNX keeps topological), the one tensor it reads and
 *  the tensor it ends at. */
struct OnnxSection
{
    std::string input;
    std::string output;
    std::vector<std::size_t> nodes;
};

/** A multi-exit network cut into segments: bodies[k] is segment k's trunk, exits[k] its exit
 *  head, reading bodies[k].output. */
struct OnnxSections
{
    std::vector<OnnxSection> bodies;
    std::vector<OnnxSection> exits;
};

/**
 * Cuts a multi-exit graph at its exits. The trunk is what the last exit depends on; the tensors
 * every path from the input to the last exit passes through are the places it can be cut (a
 * residual block's output is one, a tensor inside the block is not, as the skip connection
 * bypasses it). Each earlier exit's head -- the nodes it needs that the last exit does not --
 * must read exactly one such tensor: the trunk is cut there, and that tensor is what crosses the
 * network when the next segment runs elsewhere. The last segment ends before the final exit's
 * classifier: at the first cut after the last convolution that pooling, flattening or a fully
 * connected layer reads.
 *
 * `cuts`, when given, names the tensor each segment ends at, one per exit: each but the last
 * must be where its exit branches off; the last chooses where the final exit's head begins.
 *
 * Throws eesim::Error when an exit reads the trunk at more than one tensor or at one that not
 * all of the trunk passes through, when exits share nodes, or when they branch off out of order.
 */
OnnxSections SplitAtExits(const OnnxModel& model, const std::string& input,
                          const std::vector<std::string>& exits,
                          const std::vector<std::string>& cuts = {});

} // namespace eesim

#endif
