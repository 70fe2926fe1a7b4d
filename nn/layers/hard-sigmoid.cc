#include "nn/layers/hard-sigmoid.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace eesim
{

HardSigmoid::HardSigmoid(double alpha, double beta)
    : m_alpha(alpha)
    , m_beta(beta)
{
    constexpr double kLargest = std::numeric_limits<float>::max();
    if (!(std::abs(alpha) <= kLargest) || !(std::abs(beta) <= kLargest))
    {
        throw Error("hard_sigmoid: alpha and beta must be finite floats");
    }
}

std::unique_ptr<Layer>
HardSigmoid::FromSpec(const LayerSpec& spec)
{
    return std::make_unique<HardSigmoid>(spec.GetOr("alpha", kDefaultAlpha),
                                         spec.GetOr("beta", kDefaultBeta));
}

LayerSpec
HardSigmoid::Spec() const
{
    // Defaults are left out: 0.2 would print as 0.20000000000000001.
    LayerSpec spec{ "hard_sigmoid", {} };
    if (m_alpha != kDefaultAlpha)
    {
        spec.Set("alpha", m_alpha);
    }
    if (m_beta != kDefaultBeta)
    {
        spec.Set("beta", m_beta);
    }
    return spec;
}

Tensor
HardSigmoid::Forward(const Tensor& input, Mode mode)
{
    const float alpha = float(m_alpha);
    const float beta = float(m_beta);
    Tensor output = input;
    for (std::size_t i = 0; i < output.Size(); ++i)
    {
        output[i] = std::max(0.0F, std::min(1.0F, alpha * output[i] + beta));
    }
    if (mode == Mode::kTraining)
    {
        m_output = output;
    }
    return output;
}

Tensor
HardSigmoid::Backward(const Tensor& gradOutput)
{
    const float alpha = float(m_alpha);
    Tensor gradInput = gradOutput;
    for (std::size_t i = 0; i < gradInput.Size(); ++i)
    {
        const bool inside = m_output[i] > 0.0F && m_output[i] < 1.0F;
        gradInput[i] = inside ? gradInput[i] * alpha : 0.0F;
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{
    { "hard_sigmoid",
      "max(0, min(1, alpha x + beta)), alpha 0.2 and beta 0.5 by default (ONNX HardSigmoid)",
      { "alpha", "beta" },
      [](const LayerSpec& spec) { return HardSigmoid::FromSpec(spec); } }
};

} // namespace

} // namespace eesim
