#include "nn/layers/sigmoid.h"

#include "nn/layer-type.h"

#include <cmath>

namespace eesim
{

Tensor
Sigmoid::Forward(const Tensor& input, Mode mode)
{
    Tensor output = input;
    for (std::size_t i = 0; i < output.Size(); ++i)
    {
        const float x = output[i];
        // e^-|x| never overflows: for negative x, 1 / (1 + e^-x) is rewritten e^x / (1 + e^x).
        const float e = std::exp(-std::abs(x));
        output[i] = x >= 0.0F ? 1.0F / (1.0F + e) : e / (1.0F + e);
    }
    if (mode == Mode::kTraining)
    {
        m_output = output;
    }
    return output;
}

Tensor
Sigmoid::Backward(const Tensor& gradOutput)
{
    Tensor gradInput = gradOutput;
    for (std::size_t i = 0; i < gradInput.Size(); ++i)
    {
        gradInput[i] *= m_output[i] * (1.0F - m_output[i]);
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{ { "sigmoid",
                                               "1 / (1 + e^-x)",
                                               {},
                                               [](const LayerSpec&)
                                               { return std::make_unique<Sigmoid>(); } } };

} // namespace

} // namespace eesim
