#ifndef EESIM_NN_LAYER_FACTORY_H
#define EESIM_NN_LAYER_FACTORY_H

#include "nn/layer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace eesim
{

/** Builds a layer from its spec; throws eesim::Error for an unknown type or bad attributes. */
std::unique_ptr<Layer> MakeLayer(const LayerSpec& spec);

/** The layer type names MakeLayer knows. */
std::vector<std::string> KnownLayerTypes();

/** The attribute names a layer type accepts (empty for an unknown type). */
std::vector<std::string> KnownLayerAttributes(const std::string& type);

/**
 * The number of stored values (parameters and buffers) a layer of this spec holds, computed
 * from the spec alone so a file's claims can be checked before anything is allocated. The spec
 * must carry its input-dependent attributes (as a model file's do). Throws eesim::Error when a
 * needed attribute is missing or the count exceeds `limit`.
 */
std::uint64_t StoredValueCount(const LayerSpec& spec, std::uint64_t limit);

/**
 * Fills in the attributes a layer's input decides (in_channels, in_features, channels) so an
 * architecture can be written without repeating them. Throws eesim::Error when a given value
 * contradicts the input shape.
 */
LayerSpec CompleteLayerSpec(LayerSpec spec, SampleShape input);

} // namespace eesim

#endif
