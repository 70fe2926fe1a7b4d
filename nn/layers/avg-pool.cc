#include "nn/layers/avg-pool.h"

#include "nn/layer-type.h"

namespace eesim
{

AvgPool::AvgPool(PoolWindow window, bool countIncludePad)
    : m_window(window)
    , m_countIncludePad(countIncludePad)
{
    m_window.Check("avg_pool");
}

std::unique_ptr<Layer>
AvgPool::FromSpec(const LayerSpec& spec)
{
    return std::make_unique<AvgPool>(PoolWindow::FromSpec(spec),
                                     GetFlag(spec, "count_include_pad"));
}

LayerSpec
AvgPool::Spec() const
{
    LayerSpec spec{ "avg_pool", {} };
    m_window.AddTo(spec);
    if (m_countIncludePad)
    {
        spec.Set("count_include_pad", 1);
    }
    return spec;
}

SampleShape
AvgPool::OutputShape(SampleShape input) const
{
    return m_window.OutputShape("avg_pool", input);
}

std::uint64_t
AvgPool::Flops(SampleShape input) const
{
    // kernel² - 1 additions and one division per output, padded positions included.
    return std::uint64_t(OutputShape(input).Count()) * m_window.kernel * m_window.kernel;
}

template <typename Visit>
void
AvgPool::ForEachWindow(SampleShape in, Visit visit) const
{
    const std::vector<PoolWindow::Range> colWindows = m_window.Along(in.width);
    std::size_t o = 0;
    for (const PoolWindow::Range& rows : m_window.Along(in.height))
    {
        for (const PoolWindow::Range& cols : colWindows)
        {
            const int divisor = m_countIncludePad
                                    ? rows.padded * cols.padded
                                    : (rows.end - rows.begin) * (cols.end - cols.begin);
            visit(o++, rows, cols, float(divisor));
        }
    }
}

Tensor
AvgPool::Forward(const Tensor& input, Mode mode)
{
    const SampleShape in = input.Shape();
    const SampleShape out = OutputShape(in);
    Tensor output(input.Batch(), out);
    if (mode == Mode::kTraining)
    {
        m_inputShape = in;
    }
    const std::size_t inPlane = std::size_t(in.height) * in.width;
    const std::size_t outPlane = std::size_t(out.height) * out.width;
    for (int n = 0; n < input.Batch(); ++n)
    {
        for (int c = 0; c < in.channels; ++c)
        {
            const float* plane = input.Sample(n) + c * inPlane;
            float* result = output.Sample(n) + c * outPlane;
            ForEachWindow(
                in,
                [&](std::size_t o, PoolWindow::Range rows, PoolWindow::Range cols, float divisor)
                {
                    float sum = 0.0F;
                    for (int h = rows.begin; h < rows.end; ++h)
                    {
                        for (int w = cols.begin; w < cols.end; ++w)
                        {
                            sum += plane[h * in.width + w];
                        }
                    }
                    result[o] = sum / divisor;
                });
        }
    }
    return output;
}

Tensor
AvgPool::Backward(const Tensor& gradOutput)
{
    const SampleShape in = m_inputShape;
    Tensor gradInput(gradOutput.Batch(), in);
    const std::size_t inPlane = std::size_t(in.height) * in.width;
    const std::size_t outPlane = std::size_t(gradOutput.Shape().height) * gradOutput.Shape().width;
    for (int n = 0; n < gradOutput.Batch(); ++n)
    {
        for (int c = 0; c < in.channels; ++c)
        {
            float* plane = gradInput.Sample(n) + c * inPlane;
            const float* grad = gradOutput.Sample(n) + c * outPlane;
            ForEachWindow(
                in,
                [&](std::size_t o, PoolWindow::Range rows, PoolWindow::Range cols, float divisor)
                {
                    const float share = grad[o] / divisor;
                    for (int h = rows.begin; h < rows.end; ++h)
                    {
                        for (int w = cols.begin; w < cols.end; ++w)
                        {
                            plane[h * in.width + w] += share;
                        }
                    }
                });
        }
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{
    { "avg_pool",
      "average pooling over square windows; padding counted only with count_include_pad=1",
      { "kernel", "stride", "padding", "count_include_pad", "ceil_mode" },
      [](const LayerSpec& spec) { return AvgPool::FromSpec(spec); } }
};

} // namespace

} // namespace eesim
