#ifndef EESIM_NN_ARCHITECTURE_H
#define EESIM_NN_ARCHITECTURE_H

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
    std::vector<SegmentSpec> segments;
    /** Free-form provenance (dataset, trainer settings, training time), kept in the file. */
    std::vector<std::pair<std::string, std::string>> metadata;

    /** The header text: one line per fact, e.g. `segment 0` then `body conv2d ...`. */
    std::string ToText() const;
    /** Inverse of ToText; throws eesim::Error("line N: ...") on malformed text. */
    static Architecture FromText(const std::string& text);
};

} // namespace eesim

#endif
