#include "nn/layer-factory.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <algorithm>

namespace eesim
{

namespace
{

const LayerType&
TypeOf(const LayerSpec& spec)
{
    const LayerType* type = LayerTypeRegistry::Global().Find(spec.type);
    if (type == nullptr)
    {
        std::string known;
        for (const auto& name : KnownLayerTypes())
        {
            known += (known.empty() ? "" : ", ") + name;
        }
        throw Error("unknown layer type '" + spec.type + "' (expected one of: " + known + ")");
    }
    return *type;
}

} // namespace

std::unique_ptr<Layer>
MakeLayer(const LayerSpec& spec)
{
    const LayerType& type = TypeOf(spec);
    for (const auto& [name, value] : spec.attributes)
    {
        if (std::find(type.attributes.begin(), type.attributes.end(), name)
            == type.attributes.end())
        {
            throw Error("layer '" + spec.type + "': unknown attribute '" + name + "'");
        }
    }
    return type.make(spec);
}

std::vector<std::string>
KnownLayerTypes()
{
    return LayerTypeRegistry::Global().Names();
}

std::vector<std::string>
KnownLayerAttributes(const std::string& type)
{
    const LayerType* known = LayerTypeRegistry::Global().Find(type);
    return known != nullptr ? known->attributes : std::vector<std::string>();
}

std::uint64_t
StoredValueCount(const LayerSpec& spec, std::uint64_t limit)
{
    const LayerType& type = TypeOf(spec);
    return type.storedValues ? type.storedValues(spec, limit) : 0;
}

LayerSpec
CompleteLayerSpec(LayerSpec spec, SampleShape input)
{
    const LayerType* type = LayerTypeRegistry::Global().Find(spec.type);
    if (type != nullptr && type->complete)
    {
        type->complete(spec, input);
    }
    return spec;
}

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

std::uint64_t
CappedProduct(const LayerSpec& spec, const std::vector<std::string>& keys, std::uint64_t limit,
              std::uint64_t factor)
{
    std::uint64_t product = factor;
    for (const std::string& key : keys)
    {
        const auto value = std::uint64_t(spec.GetInt(key, 1));
        if (product != 0 && value > limit / product)
        {
            throw Error("layer '" + spec.type + "' needs more values than the file holds");
        }
        product *= value;
    }
    return product;
}

} // namespace eesim
