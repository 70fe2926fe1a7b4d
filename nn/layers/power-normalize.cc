#include "nn/layers/power-normalize.h"

#include "nn/layer-type.h"

#include <cmath>

namespace eesim
{

namespace
{

/** Keeps an all-zero sample finite; real encoder outputs are never this small. */
constexpr double kMinimumEnergy = 1e-12;

} // namespace

Tensor
PowerNormalize::Forward(const Tensor& input, Mode mode)
{
    Tensor output = input;
    const std::size_t n = input.SampleSize();
    std::vector<double> scales(std::size_t(input.Batch()));
    for (int b = 0; b < input.Batch(); ++b)
    {
        float* x = output.Sample(b);
        double energy = 0.0;
        for (std::size_t i = 0; i < n; ++i)
        {
            energy += double(x[i]) * x[i];
        }
        scales[b] = std::sqrt(double(n) / std::max(energy, kMinimumEnergy));
        for (std::size_t i = 0; i < n; ++i)
        {
            x[i] = float(x[i] * scales[b]);
        }
    }
    if (mode == Mode::kTraining)
    {
        m_output = output;
        m_scales = std::move(scales);
    }
    return output;
}

Tensor
PowerNormalize::Backward(const Tensor& gradOutput)
{
    // With y = s x and s = sqrt(n) / |x|: dL/dx = s (g - y (y . g) / n).
    Tensor gradInput = gradOutput;
    const std::size_t n = gradOutput.SampleSize();
    for (int b = 0; b < gradOutput.Batch(); ++b)
    {
        const float* y = m_output.Sample(b);
        float* g = gradInput.Sample(b);
        double projection = 0.0;
        for (std::size_t i = 0; i < n; ++i)
        {
            projection += double(y[i]) * g[i];
        }
        projection /= double(n);
        for (std::size_t i = 0; i < n; ++i)
        {
            g[i] = float(m_scales[b] * (g[i] - y[i] * projection));
        }
    }
    return gradInput;
}

namespace
{

const Registration<LayerType> kRegistration{ { "power_normalize",
                                               "scales each sample to mean power 1",
                                               {},
                                               [](const LayerSpec&)
                                               { return std::make_unique<PowerNormalize>(); } } };

} // namespace

} // namespace eesim
