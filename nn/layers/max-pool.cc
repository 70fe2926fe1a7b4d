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
MaxPool::ArgMax(const float* plane, int width, PoolWindow::Range rows, PoolWindow::Range cols)
{
    // Only input positions are visited: padding never wins. Every window holds one at least.
    std::uint32_t best = rows.begin * width + cols.begin;
    for (int h = rows.begin; h < rows.end; ++h)
    {
        for (int w = cols.begin; w < cols.end; ++w)
        {
            const std::uint32_t i = h * width + w;
            // Strict '>' keeps the first maximum, like PyTorch.
            if (plane[i] > plane[best])
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
    const std::vector<PoolWindow::Range> rowWindows = m_window.Along(in.height);
    const std::vector<PoolWindow::Range> colWindows = m_window.Along(in.width);
    const std::uint32_t inPlane = std::uint32_t(in.height) * in.width;
    std::size_t o = 0;
    for (int n = 0; n < input.Batch(); ++n)
    {
        for (int c = 0; c < out.channels; ++c)
        {
            const float* plane = input.Sample(n) + std::size_t(c) * inPlane;
            for (const PoolWindow::Range& rows : rowWindows)
            {
                for (const PoolWindow::Range& cols : colWindows)
                {
                    const std::uint32_t best = ArgMax(plane, in.width, rows, cols);
                    output[o] = plane[best];
                    if (training)
                    {
                        m_argmax[o] = c * inPlane + best; // within the sample, for Backward
                    }
                    ++o;
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
