#ifndef EESIM_NN_LAYERS_POWER_NORMALIZE_H
#define EESIM_NN_LAYERS_POWER_NORMALIZE_H

#include "nn/layer.h"

#include <vector>

namespace eesim
{

/**
 * Scales each sample to unit average power: y = x * sqrt(n / sum x^2) over the sample's n
 * elements. The last layer of a bottleneck encoder: a transmitter's power budget is fixed, so
 * the channel symbols must be too, and the SNR then fixes the noise variance (1 / SNR).
 */
class PowerNormalize : public Layer
{
  public:
    LayerSpec Spec() const override { return { "power_normalize", {} }; }
    SampleShape OutputShape(SampleShape input) const override { return input; }
    /** A square-and-add per element, one square root and division, a scale per element. */
    std::uint64_t Flops(SampleShape input) const override { return 3 * input.Count() + 2; }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override
    {
        return std::make_unique<PowerNormalize>(*this);
    }

  private:
    /** Cached in training mode: the output and each sample's scale sqrt(n / sum x^2). */
    Tensor m_output;
    std::vector<double> m_scales;
};

} // namespace eesim

#endif
