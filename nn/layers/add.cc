#include "nn/layers/add.h"

#include "base/error.h"
#include "nn/layer-type.h"

namespace eesim
{

SampleShape
Add::OutputShapeOf(const std::vector<SampleShape>& inputs) const
{
    if (inputs.size() < 2)
    {
        throw Error("add needs at least two inputs");
    }
    for (const SampleShape& shape : inputs)
    {
        if (shape != inputs.front())
        {
            throw Error("add: inputs of " + inputs.front().ToString() + " and " + shape.ToString()
                        + " differ in shape");
        }
    }
    return inputs.front();
}

std::uint64_t
Add::FlopsOf(const std::vector<SampleShape>& inputs) const
{
    return (inputs.size() - 1) * inputs.front().Count();
}

Tensor
Add::ForwardInputs(const Inputs& inputs, Mode /*mode*/)
{
    m_inputCount = inputs.size();
    Tensor sum = *inputs.front();
    for (std::size_t i = 1; i < inputs.size(); ++i)
    {
        sum.Add(*inputs[i]);
    }
    return sum;
}

std::vector<Tensor>
Add::BackwardInputs(const Tensor& gradOutput)
{
    return std::vector<Tensor>(m_inputCount, gradOutput);
}

namespace
{

const Registration<LayerType> kRegistration{
    { "add",
      "element-wise sum of two or more inputs (a residual connection)",
      {},
      [](const LayerSpec&) { return std::make_unique<Add>(); } }
};

} // namespace

} // namespace eesim
