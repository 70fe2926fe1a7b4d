#ifndef EESIM_NN_LAYERS_GLOBAL_AVG_POOL_H
#define EESIM_NN_LAYERS_GLOBAL_AVG_POOL_H

#include "nn/layer.h"

namespace eesim
{

/** The mean of each channel over its height and width: (C, H, W) to (C, 1, 1). */
class GlobalAvgPool : public Layer
{
  public:
    LayerSpec Spec() const override { return { "global_avg_pool", {} }; }
    SampleShape OutputShape(SampleShape input) const override { return { input.channels, 1, 1 }; }
    /** H·W - 1 additions and one division per channel. */
    std::uint64_t Flops(SampleShape input) const override { return input.Count(); }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<GlobalAvgPool>(*this); }

  private:
    SampleShape m_inputShape; // kept in training mode for Backward
};

} // namespace eesim

#endif
