#include "nn/layers/hard-swish.h"

#include "nn/layer-type.h"

#include <algorithm>

namespace eesim
{

Tensor
HardSwish::Forward(const Tensor& input, Mode mode)
{
    Tensor output = input;
    for (std::size_t i = 0; i < output.Size(); ++i)
    {
        const float x = output[i];
        // PyTorch's form, x · min(max(x + 3, 0), 6) / 6: exact at the hinges x = ±3.
        output[i] = x * std::min(std::max(x + 3.0F, 0.0F), 6.0F) / 6.0F;
    }
    if (mode == Mode::kTraining)
    {
        m_input = input;
    }
    return output;
}

Tensor
HardSwish::Backward(const Tensor& gradOutput)
{
    Tensor gradInput = gradOutput;
    for (std::size_t i = 0; i < gradInput.Size(); ++i)
    {
        const float x = m_input[i];
        // 0 below -3, 1 above 3, (2x + 3) / 6 between; the hinges as PyTorch takes them.
        const float slope = x < -3.0F ? 0.0F : (x <= 3.0F ? x / 3.0F + 0.5F : 1.0F);
        gradInput[i] *= slope;
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{ { "hard_swish",
                                               "x * max(0, min(1, x / 6 + 0.5))",
                                               {},
                                               [](const LayerSpec&)
                                               { return std::make_unique<HardSwish>(); } } };

} // namespace

} // namespace eesim
