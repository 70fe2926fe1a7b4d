#include "nn/layers/pad.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <algorithm>
#include <cstdint>

namespace eesim
{

Pad::Pad(Sides sides)
    : m_sides(sides)
{
    const auto limit = LayerSpec::kMaxInteger;
    for (const int side : { sides.top, sides.left, sides.bottom, sides.right })
    {
        if (side < 0 || side > limit)
        {
            throw Error("pad: each side must be from 0 to " + std::to_string(limit) + ", got "
                        + std::to_string(side));
        }
    }
}

std::unique_ptr<Layer>
Pad::FromSpec(const LayerSpec& spec)
{
    Sides sides;
    sides.top = spec.GetIntOr("top", 0, 0);
    sides.left = spec.GetIntOr("left", 0, 0);
    sides.bottom = spec.GetIntOr("bottom", 0, 0);
    sides.right = spec.GetIntOr("right", 0, 0);
    return std::make_unique<Pad>(sides);
}

LayerSpec
Pad::Spec() const
{
    return { "pad",
             { { "top", m_sides.top },
               { "left", m_sides.left },
               { "bottom", m_sides.bottom },
               { "right", m_sides.right } } };
}

SampleShape
Pad::OutputShape(SampleShape input) const
{
    // In 64 bits: sides of up to a million each must not overflow int.
    const std::int64_t height = std::int64_t(input.height) + m_sides.top + m_sides.bottom;
    const std::int64_t width = std::int64_t(input.width) + m_sides.left + m_sides.right;
    if (height > LayerSpec::kMaxInteger || width > LayerSpec::kMaxInteger)
    {
        throw Error("pad: padding " + input.ToString() + " makes a side longer than "
                    + std::to_string(LayerSpec::kMaxInteger));
    }
    return { input.channels, int(height), int(width) };
}

Tensor
Pad::Forward(const Tensor& input, Mode mode)
{
    const SampleShape in = input.Shape();
    const SampleShape out = OutputShape(in);
    if (mode == Mode::kTraining)
    {
        m_inputShape = in;
    }
    Tensor output(input.Batch(), out);
    for (int n = 0; n < input.Batch(); ++n)
    {
        for (int c = 0; c < in.channels; ++c)
        {
            for (int h = 0; h < in.height; ++h)
            {
                const float* row = input.Sample(n) + (std::size_t(c) * in.height + h) * in.width;
                std::copy(row, row + in.width, &output.At(n, c, h + m_sides.top, m_sides.left));
            }
        }
    }
    return output;
}

Tensor
Pad::Backward(const Tensor& gradOutput)
{
    // The padded positions are constants: only the input's own positions get a gradient.
    const SampleShape in = m_inputShape;
    const SampleShape out = gradOutput.Shape();
    Tensor gradInput(gradOutput.Batch(), in);
    for (int n = 0; n < gradOutput.Batch(); ++n)
    {
        for (int c = 0; c < in.channels; ++c)
        {
            for (int h = 0; h < in.height; ++h)
            {
                const float* row = gradOutput.Sample(n)
                                   + (std::size_t(c) * out.height + h + m_sides.top) * out.width
                                   + m_sides.left;
                std::copy(row, row + in.width, &gradInput.At(n, c, h, 0));
            }
        }
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{
    { "pad",
      "zeros around height and width: top, left, bottom, right (0 each by default)",
      { "top", "left", "bottom", "right" },
      [](const LayerSpec& spec) { return Pad::FromSpec(spec); } }
};

} // namespace

} // namespace eesim
