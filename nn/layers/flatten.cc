#include "nn/layers/flatten.h"

#include "nn/layer-type.h"

namespace eesim
{

Tensor
Flatten::Forward(const Tensor& input, Mode /*mode*/)
{
    m_inputShape = input.Shape();
    Tensor output = input;
    output.Reshape(OutputShape(input.Shape()));
    return output;
}

Tensor
Flatten::Backward(const Tensor& gradOutput)
{
    Tensor gradInput = gradOutput;
    gradInput.Reshape(m_inputShape);
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{ { "flatten",
                                               "(C, H, W) to (C*H*W, 1, 1)",
                                               {},
                                               [](const LayerSpec&)
                                               { return std::make_unique<Flatten>(); } } };

} // namespace

} // namespace eesim
