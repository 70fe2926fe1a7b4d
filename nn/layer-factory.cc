#include "layer-factory.h"

#include "error.h"
#include "layers/batch-norm.h"
#include "layers/conv2d.h"
#include "layers/flatten.h"
#include "layers/linear.h"
#include "layers/max-pool.h"
#include "layers/relu.h"

namespace eesim
{

std::unique_ptr<Layer>
MakeLayer(const LayerSpec& spec)
{
    if (spec.type == "conv2d")
    {
        return Conv2d::FromSpec(spec);
    }
    if (spec.type == "batch_norm")
    {
        return BatchNorm::FromSpec(spec);
    }
    if (spec.type == "linear")
    {
        return Linear::FromSpec(spec);
    }
    if (spec.type == "max_pool")
    {
        return MaxPool::FromSpec(spec);
    }
    if (spec.type == "relu")
    {
        return std::make_unique<Relu>();
    }
    if (spec.type == "flatten")
    {
        return std::make_unique<Flatten>();
    }
    std::string known;
    for (const auto& type : KnownLayerTypes())
    {
        known += (known.empty() ? "" : ", ") + type;
    }
    throw Error("unknown layer type '" + spec.type + "' (expected one of: " + known + ")");
}

std::vector<std::string>
KnownLayerTypes()
{
    return { "conv2d", "batch_norm", "linear", "max_pool", "relu", "flatten" };
}

namespace
{

void
SetFromInput(LayerSpec& spec, const std::string& key, int value)
{
    if (spec.Has(key) && spec.Get(key) != value)
    {
        throw Error("layer '" + spec.type + "': " + key + "=" + std::to_string(int(spec.Get(key)))
                    + " but its input has " + std::to_string(value));
    }
    spec.Set(key, value);
}

} // namespace

LayerSpec
CompleteLayerSpec(LayerSpec spec, SampleShape input)
{
    if (spec.type == "conv2d")
    {
        SetFromInput(spec, "in_channels", input.channels);
    }
    else if (spec.type == "batch_norm")
    {
        SetFromInput(spec, "channels", input.channels);
    }
    else if (spec.type == "linear")
    {
        SetFromInput(spec, "in_features", int(input.Count()));
    }
    return spec;
}

} // namespace eesim
