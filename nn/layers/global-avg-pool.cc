#include "nn/layers/global-avg-pool.h"

#include "nn/layer-type.h"

namespace eesim
{

Tensor
GlobalAvgPool::Forward(const Tensor& input, Mode mode)
{
    const SampleShape in = input.Shape();
    if (mode == Mode::kTraining)
    {
        m_inputShape = in;
    }
    Tensor output(input.Batch(), OutputShape(in));
    const std::size_t plane = std::size_t(in.height) * in.width;
    for (int n = 0; n < input.Batch(); ++n)
    {
        for (int c = 0; c < in.channels; ++c)
        {
            const float* values = input.Sample(n) + c * plane;
            // Summed in a fixed order, so results do not depend on vectorisation.
            float sum = 0.0F;
            for (std::size_t i = 0; i < plane; ++i)
            {
                sum += values[i];
            }
            output.Sample(n)[c] = sum / float(plane);
        }
    }
    return output;
}

Tensor
GlobalAvgPool::Backward(const Tensor& gradOutput)
{
    const SampleShape in = m_inputShape;
    Tensor gradInput(gradOutput.Batch(), in);
    const std::size_t plane = std::size_t(in.height) * in.width;
    for (int n = 0; n < gradOutput.Batch(); ++n)
    {
        for (int c = 0; c < in.channels; ++c)
        {
            const float share = gradOutput.Sample(n)[c] / float(plane);
            float* grad = gradInput.Sample(n) + c * plane;
            for (std::size_t i = 0; i < plane; ++i)
            {
                grad[i] = share;
            }
        }
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{ { "global_avg_pool",
                                               "mean of each channel: (C, H, W) to (C, 1, 1)",
                                               {},
                                               [](const LayerSpec&)
                                               { return std::make_unique<GlobalAvgPool>(); } } };

} // namespace

} // namespace eesim
