#include "nn/layers/clip.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <algorithm>
#include <limits>

namespace eesim
{

static_assert(Clip::kLargest == double(std::numeric_limits<float>::max()),
              "the default bounds are the largest floats, as ONNX's");

namespace
{

/** A bound as a float; a double beyond float's range saturates (casting it would be UB). */
float
ToFloat(double bound)
{
    return float(std::clamp(bound, -Clip::kLargest, Clip::kLargest));
}

} // namespace

Clip::Clip(double min, double max)
    : m_min(min)
    , m_max(max)
{
    if (!(min <= max))
    {
        throw Error("clip: min is greater than max in '"
                    + LayerSpec{ "clip", { { "min", min }, { "max", max } } }.ToString() + "'");
    }
}

std::unique_ptr<Layer>
Clip::FromSpec(const LayerSpec& spec)
{
    return std::make_unique<Clip>(spec.GetOr("min", -kLargest), spec.GetOr("max", kLargest));
}

LayerSpec
Clip::Spec() const
{
    // A default bound is left out: it clips nothing and its 17 digits say nothing.
    LayerSpec spec{ "clip", {} };
    if (m_min != -kLargest)
    {
        spec.Set("min", m_min);
    }
    if (m_max != kLargest)
    {
        spec.Set("max", m_max);
    }
    return spec;
}

Tensor
Clip::Forward(const Tensor& input, Mode mode)
{
    const float low = ToFloat(m_min);
    const float high = ToFloat(m_max);
    Tensor output = input;
    for (std::size_t i = 0; i < output.Size(); ++i)
    {
        output[i] = std::min(std::max(output[i], low), high);
    }
    if (mode == Mode::kTraining)
    {
        m_input = input;
    }
    return output;
}

Tensor
Clip::Backward(const Tensor& gradOutput)
{
    const float low = ToFloat(m_min);
    const float high = ToFloat(m_max);
    Tensor gradInput = gradOutput;
    for (std::size_t i = 0; i < gradInput.Size(); ++i)
    {
        const bool inside = m_input[i] > low && m_input[i] < high;
        gradInput[i] = inside ? gradInput[i] : 0.0F;
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{
    { "clip",
      "min(max(x, min), max); the bounds default to the largest floats (ReLU6: min=0 max=6)",
      { "min", "max" },
      [](const LayerSpec& spec) { return Clip::FromSpec(spec); } }
};

} // namespace

} // namespace eesim
