#include "nn/layers/flatten.h"

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

} // namespace eesim
