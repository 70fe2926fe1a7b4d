#include "nn/layers/concat.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <algorithm>

namespace eesim
{

SampleShape
Concat::OutputShapeOf(const std::vector<SampleShape>& inputs) const
{
    if (inputs.size() < 2)
    {
        throw Error("concat needs at least two inputs");
    }
    SampleShape output = inputs.front();
    output.channels = 0;
    for (const SampleShape& shape : inputs)
    {
        if (shape.height != output.height || shape.width != output.width)
        {
            throw Error("concat: inputs of " + inputs.front().ToString() + " and "
                        + shape.ToString() + " differ in height or width");
        }
        output.channels += shape.channels;
    }
    return output;
}

Tensor
Concat::ForwardInputs(const Inputs& inputs, Mode /*mode*/)
{
    m_inputShapes.clear();
    for (const Tensor* input : inputs)
    {
        m_inputShapes.push_back(input->Shape());
    }
    const int batch = inputs.front()->Batch();
    Tensor output(batch, OutputShapeOf(m_inputShapes));
    for (int n = 0; n < batch; ++n)
    {
        float* to = output.Sample(n);
        for (const Tensor* input : inputs)
        {
            to = std::copy_n(input->Sample(n), input->SampleSize(), to);
        }
    }
    return output;
}

std::vector<Tensor>
Concat::BackwardInputs(const Tensor& gradOutput)
{
    std::vector<Tensor> grads;
    for (const SampleShape& shape : m_inputShapes)
    {
        grads.emplace_back(gradOutput.Batch(), shape);
    }
    for (int n = 0; n < gradOutput.Batch(); ++n)
    {
        const float* from = gradOutput.Sample(n);
        for (Tensor& grad : grads)
        {
            std::copy_n(from, grad.SampleSize(), grad.Sample(n));
            from += grad.SampleSize();
        }
    }
    return grads;
}

namespace
{

const Registration<LayerType> kRegistration{ { "concat",
                                               "two or more inputs stacked along the channels",
                                               {},
                                               [](const LayerSpec&)
                                               { return std::make_unique<Concat>(); } } };

} // namespace

} // namespace eesim
