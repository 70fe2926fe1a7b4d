#include "nn/layers/batch-norm.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <cmath>

namespace eesim
{

BatchNorm::BatchNorm(int channels, float epsilon, float momentum)
    : m_channels(channels)
    , m_epsilon(epsilon)
    , m_momentum(momentum)
{
    const auto n = std::size_t(channels);
    m_gamma = { "gamma", AlignedFloats(n, 1.0F), AlignedFloats(n), true };
    m_beta = { "beta", AlignedFloats(n), AlignedFloats(n), true };
    m_runningMean = { "running_mean", AlignedFloats(n), {}, false };
    m_runningVar = { "running_var", AlignedFloats(n, 1.0F), {}, false };
}

std::unique_ptr<Layer>
BatchNorm::FromSpec(const LayerSpec& spec)
{
    const double epsilon = spec.GetOr("epsilon", 1e-5);
    const double momentum = spec.GetOr("momentum", 0.1);
    if (!(epsilon > 0) || !(momentum >= 0 && momentum <= 1))
    {
        throw Error("batch_norm needs epsilon > 0 and momentum in [0, 1]: " + spec.ToString());
    }
    return std::make_unique<BatchNorm>(spec.GetInt("channels", 1), float(epsilon), float(momentum));
}

LayerSpec
BatchNorm::Spec() const
{
    return { "batch_norm",
             { { "channels", m_channels }, { "epsilon", m_epsilon }, { "momentum", m_momentum } } };
}

SampleShape
BatchNorm::OutputShape(SampleShape input) const
{
    if (input.channels != m_channels)
    {
        throw Error("batch_norm expects " + std::to_string(m_channels) + " channels, got "
                    + input.ToString());
    }
    return input;
}

std::uint64_t
BatchNorm::Flops(SampleShape input) const
{
    return 2 * std::uint64_t(OutputShape(input).Count());
}

void
BatchNorm::Initialize(Random& /*random*/)
{
    std::fill(m_gamma.value.begin(), m_gamma.value.end(), 1.0F);
    std::fill(m_beta.value.begin(), m_beta.value.end(), 0.0F);
    std::fill(m_runningMean.value.begin(), m_runningMean.value.end(), 0.0F);
    std::fill(m_runningVar.value.begin(), m_runningVar.value.end(), 1.0F);
}

void
BatchNorm::InferenceAffine(std::vector<float>& scale, std::vector<float>& shift) const
{
    scale.resize(m_channels);
    shift.resize(m_channels);
    for (int c = 0; c < m_channels; ++c)
    {
        scale[c] = m_gamma.value[c] / std::sqrt(m_runningVar.value[c] + m_epsilon);
        shift[c] = m_beta.value[c] - m_runningMean.value[c] * scale[c];
    }
}

Tensor
BatchNorm::Forward(const Tensor& input, Mode mode)
{
    OutputShape(input.Shape());
    const int plane = input.Shape().height * input.Shape().width;
    const int batch = input.Batch();
    Tensor output(batch, input.Shape());
    if (mode == Mode::kInference)
    {
        std::vector<float> scale;
        std::vector<float> shift;
        InferenceAffine(scale, shift);
        for (int n = 0; n < batch; ++n)
        {
            for (int c = 0; c < m_channels; ++c)
            {
                const float* x = input.Sample(n) + std::size_t(c) * plane;
                float* y = output.Sample(n) + std::size_t(c) * plane;
                for (int i = 0; i < plane; ++i)
                {
                    y[i] = scale[c] * x[i] + shift[c];
                }
            }
        }
        return output;
    }

    const double count = double(batch) * plane;
    m_invStd.assign(m_channels, 0.0F);
    for (int c = 0; c < m_channels; ++c)
    {
        double sum = 0.0;
        double sumSquares = 0.0;
        for (int n = 0; n < batch; ++n)
        {
            const float* x = input.Sample(n) + std::size_t(c) * plane;
            for (int i = 0; i < plane; ++i)
            {
                sum += x[i];
                sumSquares += double(x[i]) * x[i];
            }
        }
        const double mean = sum / count;
        const double variance = std::max(0.0, sumSquares / count - mean * mean);
        const float invStd = float(1.0 / std::sqrt(variance + m_epsilon));
        m_invStd[c] = invStd;
        for (int n = 0; n < batch; ++n)
        {
            const float* x = input.Sample(n) + std::size_t(c) * plane;
            float* y = output.Sample(n) + std::size_t(c) * plane;
            for (int i = 0; i < plane; ++i)
            {
                y[i] = float(x[i] - mean) * invStd;
            }
        }
        const double unbiased = count > 1 ? variance * count / (count - 1) : variance;
        m_runningMean.value[c]
            = float((1 - m_momentum) * m_runningMean.value[c] + m_momentum * mean);
        m_runningVar.value[c]
            = float((1 - m_momentum) * m_runningVar.value[c] + m_momentum * unbiased);
    }
    m_normalized = output;
    for (int n = 0; n < batch; ++n)
    {
        for (int c = 0; c < m_channels; ++c)
        {
            float* y = output.Sample(n) + std::size_t(c) * plane;
            for (int i = 0; i < plane; ++i)
            {
                y[i] = m_gamma.value[c] * y[i] + m_beta.value[c];
            }
        }
    }
    return output;
}

Tensor
BatchNorm::Backward(const Tensor& gradOutput)
{
    const int plane = gradOutput.Shape().height * gradOutput.Shape().width;
    const int batch = gradOutput.Batch();
    const double count = double(batch) * plane;
    Tensor gradInput(batch, gradOutput.Shape());
    for (int c = 0; c < m_channels; ++c)
    {
        double sumGrad = 0.0;
        double sumGradXhat = 0.0;
        for (int n = 0; n < batch; ++n)
        {
            const float* dy = gradOutput.Sample(n) + std::size_t(c) * plane;
            const float* xhat = m_normalized.Sample(n) + std::size_t(c) * plane;
            for (int i = 0; i < plane; ++i)
            {
                sumGrad += dy[i];
                sumGradXhat += double(dy[i]) * xhat[i];
            }
        }
        m_gamma.grad[c] += float(sumGradXhat);
        m_beta.grad[c] += float(sumGrad);
        // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat))
        const float k = m_gamma.value[c] * m_invStd[c];
        const float meanGrad = float(sumGrad / count);
        const float meanGradXhat = float(sumGradXhat / count);
        for (int n = 0; n < batch; ++n)
        {
            const float* dy = gradOutput.Sample(n) + std::size_t(c) * plane;
            const float* xhat = m_normalized.Sample(n) + std::size_t(c) * plane;
            float* dx = gradInput.Sample(n) + std::size_t(c) * plane;
            for (int i = 0; i < plane; ++i)
            {
                dx[i] = k * (dy[i] - meanGrad - xhat[i] * meanGradXhat);
            }
        }
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{
    { "batch_norm",
      "per-channel batch normalisation (batch statistics in training, running ones in inference)",
      { "channels", "epsilon", "momentum" },
      [](const LayerSpec& spec) { return BatchNorm::FromSpec(spec); },
      [](LayerSpec& spec, SampleShape input) { SetFromInput(spec, "channels", input.channels); },
      [](const LayerSpec& spec, std::uint64_t limit)
      { return CappedProduct(spec, { "channels" }, limit, 4); } }
};

} // namespace

} // namespace eesim
