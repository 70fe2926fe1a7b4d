#ifndef EESIM_NN_LAYER_FACTORY_H
#define EESIM_NN_LAYER_FACTORY_H

#include "layer.h"

#include <memory>
#include <string>
#include <vector>

namespace eesim
{

/** Builds a layer from its spec; throws eesim::Error for an unknown type or bad attributes. */
std::unique_ptr<Layer> MakeLayer(const LayerSpec& spec);

/** The layer type names MakeLayer knows. */
std::vector<std::string> KnownLayerTypes();

/**
 * Fills in the attributes a layer's input decides (in_channels, in_features, channels) so an
 * architecture can be written without repeating them. Throws eesim::Error when a given value
 * contradicts the input shape.
 */
LayerSpec CompleteLayerSpec(LayerSpec spec, SampleShape input);

} // namespace eesim

#endif
