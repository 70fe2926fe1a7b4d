#include "nn/layer-factory.h"

#include "base/error.h"
#include "nn/layers/batch-norm.h"
#include "nn/layers/conv2d.h"
#include "nn/layers/flatten.h"
#include "nn/layers/linear.h"
#include "nn/layers/max-pool.h"
#include "nn/layers/power-normalize.h"
#include "nn/layers/relu.h"

#include <algorithm>

namespace eesim
{

std::unique_ptr<Layer>
MakeLayer(const LayerSpec& spec)
{
    const auto allowed = KnownLayerAttributes(spec.type);
    for (const auto& [name, value] : spec.attributes)
    {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end() && !allowed.empty())
        {
            throw Error("layer '" + spec.type + "': unknown attribute '" + name + "'");
        }
    }
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
    if (spec.type == "power_normalize")
    {
        return std::make_unique<PowerNormalize>();
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
    return { "conv2d", "batch_norm", "linear", "max_pool", "relu", "flatten", "power_normalize" };
}

std::vector<std::string>
KnownLayerAttributes(const std::string& type)
{
    if (type == "conv2d")
    {
        return { "in_channels", "out_channels", "kernel", "stride", "padding" };
    }
    if (type == "batch_norm")
    {
        return { "channels", "epsilon", "momentum" };
    }
    if (type == "linear")
    {
        return { "in_features", "out_features" };
    }
    if (type == "max_pool")
    {
        return { "kernel", "stride" };
    }
    return {};
}

std::uint64_t
StoredValueCount(const LayerSpec& spec, std::uint64_t limit)
{
    // Every factor is at most LayerSpec::kMaxInteger (1e6), so a product of two stays below
    // 2^40 and the checks below see no overflow.
    auto at = [&](const char* key) { return std::uint64_t(spec.GetInt(key, 1)); };
    auto capped = [&](std::uint64_t a, std::uint64_t b)
    {
        if (a != 0 && b > limit / a)
        {
            throw Error("layer '" + spec.type + "' needs more values than the file holds");
        }
        return a * b;
    };
    if (spec.type == "conv2d")
    {
        const std::uint64_t kernelArea = capped(at("kernel"), at("kernel"));
        return capped(capped(at("out_channels"), at("in_channels")), kernelArea)
               + at("out_channels");
    }
    if (spec.type == "linear")
    {
        return capped(at("out_features"), at("in_features")) + at("out_features");
    }
    if (spec.type == "batch_norm")
    {
        return 4 * at("channels");
    }
    return 0;
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
