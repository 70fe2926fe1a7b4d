#ifndef EESIM_NN_ARCHITECTURE_H
#define EESIM_NN_ARCHITECTURE_H

#include "nn/input-preprocessing.h"
#include "nn/layer-spec.h"
#include "nn/tensor.h"

#include <string>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * A segment is the unit a node executes; its exit head maps the segment output to logits.
 *
 * A segment may end in a bottleneck for a noisy link: the encoder (run by the sending node)
 * maps the segment output to channel symbols, the decoder (run by the receiving node) maps the
 * symbols that arrive to the next segment's input. Both are empty when the link carries the
 * segment output itself.
 */
struct SegmentSpec
{
    std::vector<LayerSpec> body;
    std::vector<LayerSpec> exit;
    std::vector<LayerSpec> encoder = {};
    std::vector<LayerSpec> decoder = {};

    /** Every layer list in model-file order. */
    std::vector<const std::vector<LayerSpec>*> Lists() const
    {
        return { &body, &exit, &encoder, &decoder };
    }
};

/** A multi-exit network without weights: what the model file's header describes. */
struct Architecture
{
    std::string name;
    SampleShape input;
    int classes = 0;
    /** How a raw sample becomes the input: a `preprocess` line in the header, written only when
     *  it is not the default (so models without one keep their text and checksum). */
    InputPreprocessing preprocessing;
    std::vector<SegmentSpec> segments;
    /** Free-form provenance, kept in the file: `dataset` (the data set's format and the part
     *  trained on, e.g. "cifar10 train[0:45000]"), `seed`, `epochs`. Not checked on use: a model
     *  may be evaluated on any data set of its input shape. */
    std::vector<std::pair<std::string, std::string>> metadata;

    /** The header text: one line per fact, e.g. `segment 0` then `body conv2d ...`. */
    std::string ToText() const;
    /** Inverse of ToText; throws eesim::Error("line N: ...") on malformed text. */
    static Architecture FromText(const std::string& text);
};

} // namespace eesim

#endif
