#include "nn/layers/max-pool.h"

#include "nn/layer-type.h"

namespace eesim
{

MaxPool::MaxPool(PoolWindow window)
    : m_window(window)
{
    m_window.Check("max_pool");
}

std::unique_ptr<Layer>
MaxPool::FromSpec(const LayerSpec& spec)
{
    return std::make_unique<MaxPool>(PoolWindow::FromSpec(spec));
}

LayerSpec
MaxPool::Spec() const
{
    LayerSpec spec{ "max_pool", {} };
    m_window.AddTo(spec);
    return spec;
}

SampleShape
MaxPool::OutputShape(SampleShape input) const
{
    return m_window.OutputShape("max_pool", input);
}

std::uint64_t
MaxPool::Flops(SampleShape input) const
{
    // One comparison per window element after the first, padded positions included: a fixed
    // count per output, whatever the window's place.
    const std::uint64_t window = std::uint64_t(m_window.kernel) * m_window.kernel;
    return std::uint64_t(OutputShape(input).Count()) * (window - 1);
}

std::uint32_t
MaxPool::ArgMax(const float* sample, SampleShape in, int c, int oh, int ow) const
{
    const PoolWindow::Range rows = m_window.At(oh, in.height);
    const PoolWindow::Range cols = m_window.At(ow, in.width);
    // Only input positions are visited: padding never wins. Every window holds one at least.
    std::uint32_t best = (c * in.height + rows.begin) * in.width + cols.begin;
    for (int h = rows.begin; h < rows.end; ++h)
    {
        for (int w = cols.begin; w < cols.end; ++w)
        {
            const std::uint32_t i = (c * in.height + h) * in.width + w;
            // Strict '>' keeps the first maximum, like PyTorch.
            if (sample[i] > sample[best])
            {
                best = i;
            }
        }
    }
    return best;
}

Tensor
MaxPool::Forward(const Tensor& input, Mode mode)
{
    const SampleShape in = input.Shape();
    const SampleShape out = OutputShape(in);
    Tensor output(input.Batch(), out);
    const bool training = mode == Mode::kTraining;
    if (training)
    {
        m_inputShape = in;
        m_argmax.assign(output.Size(), 0);
    }
    std::size_t o = 0;
    for (int n = 0; n < input.Batch(); ++n)
    {
        const float* sample = input.Sample(n);
        for (int c = 0; c < out.channels; ++c)
        {
            for (int oh = 0; oh < out.height; ++oh)
            {
                for (int ow = 0; ow < out.width; ++ow, ++o)
                {
                    const std::uint32_t best = ArgMax(sample, in, c, oh, ow);
                    output[o] = sample[best];
                    if (training)
                    {
                        m_argmax[o] = best;
                    }
                }
            }
        }
    }
    return output;
}

Tensor
MaxPool::Backward(const Tensor& gradOutput)
{
    Tensor gradInput(gradOutput.Batch(), m_inputShape);
    const std::size_t perSample = gradOutput.SampleSize();
    for (std::size_t o = 0; o < gradOutput.Size(); ++o)
    {
        const std::size_t n = o / perSample;
        gradInput.Sample(int(n))[m_argmax[o]] += gradOutput[o];
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{
    { "max_pool",
      "max pooling over square windows; padding never wins",
      { "kernel", "stride", "padding", "ceil_mode" },
      [](const LayerSpec& spec) { return MaxPool::FromSpec(spec); } }
};

} // namespace

} // namespace eesim
