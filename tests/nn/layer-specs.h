#ifndef EESIM_TESTS_NN_LAYER_SPECS_H
#define EESIM_TESTS_NN_LAYER_SPECS_H

#include "nn/layer-spec.h"

#include <string>
#include <vector>

namespace eesim::test
{

/** Layer specs from their text lines ("conv2d out_channels=4 kernel=3", "add inputs=-1,2"). */
inline std::vector<LayerSpec>
Specs(const std::vector<std::string>& lines)
{
    std::vector<LayerSpec> specs;
    for (const std::string& line : lines)
    {
        specs.push_back(LayerSpec::Parse(line));
    }
    return specs;
}

} // namespace eesim::test

#endif
