#include "nn/layers/max-pool.h"

#include "base/error.h"
#include "nn/layer-type.h"

namespace eesim
{

MaxPool::MaxPool(int kernel, int stride)
    : m_kernel(kernel)
    , m_stride(stride)
{
}

std::unique_ptr<Layer>
MaxPool::FromSpec(const LayerSpec& spec)
{
    const int kernel = spec.GetInt("kernel", 1);
    return std::make_unique<MaxPool>(kernel, spec.GetIntOr("stride", kernel, 1));
}

LayerSpec
MaxPool::Spec() const
{
    return { "max_pool", { { "kernel", m_kernel }, { "stride", m_stride } } };
}

SampleShape
MaxPool::OutputShape(SampleShape input) const
{
    if (input.height < m_kernel || input.width < m_kernel)
    {
        throw Error("max_pool with kernel " + std::to_string(m_kernel) + " got input "
                    + input.ToString());
    }
    return { input.channels, (input.height - m_kernel) / m_stride + 1,
             (input.width - m_kernel) / m_stride + 1 };
}

std::uint64_t
MaxPool::Flops(SampleShape input) const
{
    // One comparison per window element after the first.
    return std::uint64_t(OutputShape(input).Count()) * (m_kernel * m_kernel - 1);
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
                    std::uint32_t best = (c * in.height + oh * m_stride) * in.width + ow * m_stride;
                    for (int kh = 0; kh < m_kernel; ++kh)
                    {
                        for (int kw = 0; kw < m_kernel; ++kw)
                        {
                            const std::uint32_t i = (c * in.height + oh * m_stride + kh) * in.width
                                                    + ow * m_stride + kw;
                            // Strict '>' keeps the first maximum, like PyTorch.
                            if (sample[i] > sample[best])
                            {
                                best = i;
                            }
                        }
                    }
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

const Registration<LayerType> kRegistration{ { "max_pool",
                                               "max pooling over square windows, no padding",
                                               { "kernel", "stride" },
                                               [](const LayerSpec& spec)
                                               { return MaxPool::FromSpec(spec); } } };

} // namespace

} // namespace eesim
