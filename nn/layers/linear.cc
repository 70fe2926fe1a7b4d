#include "nn/layers/linear.h"

#include "base/error.h"
#include "nn/eigen-maps.h"
#include "nn/layer-type.h"

#include <cmath>

namespace eesim
{

Linear::Linear(int inFeatures, int outFeatures)
    : m_in(inFeatures)
    , m_out(outFeatures)
{
    const std::size_t weights = std::size_t(inFeatures) * outFeatures;
    m_weight = { "weight", AlignedFloats(weights), AlignedFloats(weights), true };
    m_bias = { "bias", AlignedFloats(outFeatures), AlignedFloats(outFeatures), true };
}

std::unique_ptr<Layer>
Linear::FromSpec(const LayerSpec& spec)
{
    return std::make_unique<Linear>(spec.GetInt("in_features", 1), spec.GetInt("out_features", 1));
}

LayerSpec
Linear::Spec() const
{
    return { "linear", { { "in_features", m_in }, { "out_features", m_out } } };
}

SampleShape
Linear::OutputShape(SampleShape input) const
{
    if (input.height != 1 || input.width != 1 || input.channels != m_in)
    {
        throw Error("linear expects " + std::to_string(m_in) + "x1x1 features (flatten first), got "
                    + input.ToString());
    }
    return { m_out, 1, 1 };
}

std::uint64_t
Linear::Flops(SampleShape input) const
{
    OutputShape(input);
    return std::uint64_t(m_out) * (2 * std::uint64_t(m_in) + 1);
}

void
Linear::Initialize(Random& random)
{
    const float bound = std::sqrt(6.0F / float(m_in));
    for (float& w : m_weight.value)
    {
        w = random.Uniform(-bound, bound);
    }
    std::fill(m_bias.value.begin(), m_bias.value.end(), 0.0F);
}

Tensor
Linear::Forward(const Tensor& input, Mode mode)
{
    Tensor output(input.Batch(), OutputShape(input.Shape()));
    ConstMatrixMap x(input.Data(), input.Batch(), m_in);
    ConstMatrixMap w(m_weight.value.data(), m_out, m_in);
    MatrixMap y(output.Data(), input.Batch(), m_out);
    y.noalias() = x * w.transpose();
    y.rowwise() += ConstVectorMap(m_bias.value.data(), m_out).transpose();
    if (mode == Mode::kTraining)
    {
        m_input = input;
    }
    return output;
}

Tensor
Linear::Backward(const Tensor& gradOutput)
{
    const int batch = gradOutput.Batch();
    ConstMatrixMap dy(gradOutput.Data(), batch, m_out);
    ConstMatrixMap x(m_input.Data(), batch, m_in);
    ConstMatrixMap w(m_weight.value.data(), m_out, m_in);
    MatrixMap(m_weight.grad.data(), m_out, m_in).noalias() += dy.transpose() * x;
    // Column sums in a fixed order (Eigen's vectorised reductions depend on alignment).
    for (int n = 0; n < batch; ++n)
    {
        for (int j = 0; j < m_out; ++j)
        {
            m_bias.grad[j] += dy(n, j);
        }
    }
    Tensor gradInput(batch, m_input.Shape());
    MatrixMap(gradInput.Data(), batch, m_in).noalias() = dy * w;
    return gradInput;
}

void
Linear::ScaleAndShiftOutputs(const std::vector<float>& scale, const std::vector<float>& shift)
{
    for (int j = 0; j < m_out; ++j)
    {
        for (int i = 0; i < m_in; ++i)
        {
            m_weight.value[std::size_t(j) * m_in + i] *= scale[j];
        }
        m_bias.value[j] = m_bias.value[j] * scale[j] + shift[j];
    }
}

namespace
{

const Registration<LayerType> kRegistration{
    { "linear",
      "fully connected layer on flat features",
      { "in_features", "out_features" },
      [](const LayerSpec& spec) { return Linear::FromSpec(spec); },
      [](LayerSpec& spec, SampleShape input)
      { SetFromInput(spec, "in_features", int(input.Count())); },
      [](const LayerSpec& spec, std::uint64_t limit)
      {
          return CappedProduct(spec, { "out_features", "in_features" }, limit)
                 + CappedProduct(spec, { "out_features" }, limit);
      } }
};

} // namespace

} // namespace eesim
