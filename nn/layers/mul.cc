#include "nn/layers/mul.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <algorithm>

namespace eesim
{

namespace
{

int
BroadcastDimension(int a, int b, const std::vector<SampleShape>& inputs)
{
    if (a != b && a != 1 && b != 1)
    {
        throw Error("mul: inputs of " + inputs[0].ToString() + " and " + inputs[1].ToString()
                    + " do not broadcast (each dimension must be equal or 1 in one of them)");
    }
    return std::max(a, b);
}

/** Index into a sample of `shape` for output position (c, h, w), repeating dimensions of 1. */
std::size_t
BroadcastIndex(const SampleShape& shape, int c, int h, int w)
{
    const int ci = shape.channels == 1 ? 0 : c;
    const int hi = shape.height == 1 ? 0 : h;
    const int wi = shape.width == 1 ? 0 : w;
    return (std::size_t(ci) * shape.height + hi) * shape.width + wi;
}

/** Calls visit(out, left, right) with the three per-sample indices of every output element. */
template <typename Visit>
void
ForEachElement(const SampleShape& out, const SampleShape& left, const SampleShape& right,
               Visit visit)
{
    std::size_t o = 0;
    for (int c = 0; c < out.channels; ++c)
    {
        for (int h = 0; h < out.height; ++h)
        {
            for (int w = 0; w < out.width; ++w, ++o)
            {
                visit(o, BroadcastIndex(left, c, h, w), BroadcastIndex(right, c, h, w));
            }
        }
    }
}

} // namespace

SampleShape
Mul::OutputShapeOf(const std::vector<SampleShape>& inputs) const
{
    if (inputs.size() != 2)
    {
        throw Error("mul needs exactly two inputs, got " + std::to_string(inputs.size()));
    }
    return { BroadcastDimension(inputs[0].channels, inputs[1].channels, inputs),
             BroadcastDimension(inputs[0].height, inputs[1].height, inputs),
             BroadcastDimension(inputs[0].width, inputs[1].width, inputs) };
}

std::uint64_t
Mul::FlopsOf(const std::vector<SampleShape>& inputs) const
{
    return OutputShapeOf(inputs).Count();
}

Tensor
Mul::ForwardInputs(const Inputs& inputs, Mode mode)
{
    const Tensor& left = *inputs.at(0);
    const Tensor& right = *inputs.at(1);
    const SampleShape shape = OutputShapeOf({ left.Shape(), right.Shape() });
    Tensor output(left.Batch(), shape);
    for (int n = 0; n < left.Batch(); ++n)
    {
        const float* a = left.Sample(n);
        const float* b = right.Sample(n);
        float* out = output.Sample(n);
        ForEachElement(shape, left.Shape(), right.Shape(),
                       [&](std::size_t o, std::size_t i, std::size_t j) { out[o] = a[i] * b[j]; });
    }
    if (mode == Mode::kTraining)
    {
        m_left = left;
        m_right = right;
    }
    return output;
}

std::vector<Tensor>
Mul::BackwardInputs(const Tensor& gradOutput)
{
    Tensor gradLeft(m_left.Batch(), m_left.Shape());
    Tensor gradRight(m_right.Batch(), m_right.Shape());
    for (int n = 0; n < gradOutput.Batch(); ++n)
    {
        const float* g = gradOutput.Sample(n);
        const float* a = m_left.Sample(n);
        const float* b = m_right.Sample(n);
        float* ga = gradLeft.Sample(n);
        float* gb = gradRight.Sample(n);
        ForEachElement(gradOutput.Shape(), m_left.Shape(), m_right.Shape(),
                       [&](std::size_t o, std::size_t i, std::size_t j)
                       {
                           ga[i] += g[o] * b[j];
                           gb[j] += g[o] * a[i];
                       });
    }
    return { gradLeft, gradRight };
}

namespace
{

const Registration<LayerType> kRegistration{
    { "mul",
      "element-wise product of two inputs, broadcasting dimensions of 1",
      {},
      [](const LayerSpec&) { return std::make_unique<Mul>(); } }
};

} // namespace

} // namespace eesim
