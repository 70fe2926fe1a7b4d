#include "nn/layers/relu.h"

#include "nn/layer-type.h"

namespace eesim
{

Tensor
Relu::Forward(const Tensor& input, Mode mode)
{
    Tensor output = input;
    for (std::size_t i = 0; i < output.Size(); ++i)
    {
        output[i] = output[i] > 0.0F ? output[i] : 0.0F;
    }
    if (mode == Mode::kTraining)
    {
        m_output = output;
    }
    return output;
}

Tensor
Relu::Backward(const Tensor& gradOutput)
{
    Tensor gradInput = gradOutput;
    for (std::size_t i = 0; i < gradInput.Size(); ++i)
    {
        if (m_output[i] <= 0.0F)
        {
            gradInput[i] = 0.0F;
        }
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{ { "relu", "max(0, x)", {}, [](const LayerSpec&) {
                                                  return std::make_unique<Relu>();
                                              } } };

} // namespace

} // namespace eesim
