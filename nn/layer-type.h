#ifndef EESIM_NN_LAYER_TYPE_H
#define EESIM_NN_LAYER_TYPE_H

#include "base/registry.h"
#include "nn/layer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace eesim
{

/**
 * A kind of layer, registered from the layer's own .cc with `Registration<LayerType>`: its name
 * in model files and training configs, the attributes it accepts, how to build it, and what a
 * file's header needs to know before any weights are read. Adding a layer type is its own files
 * and one line in nn/CMakeLists.txt; MakeLayer and the checks in layer-factory.h find it here.
 */
struct LayerType
{
    std::string name;
    /** One line for listings: what the layer computes. */
    std::string description;
    /** Every attribute the type accepts (the input-decided ones included). */
    std::vector<std::string> attributes;
    /** Builds the layer from a complete spec; throws eesim::Error for bad attributes. */
    std::function<std::unique_ptr<Layer>(const LayerSpec&)> make;
    /** Sets the attributes the layer's (first) input decides, e.g. in_channels; null when
     *  none. Use SetFromInput so a given value that contradicts the input is an error. */
    std::function<void(LayerSpec&, SampleShape input)> complete = nullptr;
    /** Parameters and buffers the layer stores, from a complete spec; null when none. Use
     *  CappedProduct so a hostile header cannot overflow the count. */
    std::function<std::uint64_t(const LayerSpec&, std::uint64_t limit)> storedValues = nullptr;
};

using LayerTypeRegistry = Registry<LayerType>;

/** Sets attribute `key` to `value`, the input's; throws eesim::Error when the spec already
 *  holds another value. */
void SetFromInput(LayerSpec& spec, const std::string& key, int value);

/** The product of the spec's integer attributes `keys` (each >= 1), times `factor`; throws
 *  eesim::Error as soon as it passes `limit`, so no product overflows. */
std::uint64_t CappedProduct(const LayerSpec& spec, const std::vector<std::string>& keys,
                            std::uint64_t limit, std::uint64_t factor = 1);

} // namespace eesim

#endif
