#ifndef EESIM_NN_LAYERS_HARD_SWISH_H
#define EESIM_NN_LAYERS_HARD_SWISH_H

#include "nn/layer.h"

namespace eesim
{

/** x · max(0, min(1, x / 6 + 0.5)) element-wise, as ONNX HardSwish and PyTorch's hardswish. */
class HardSwish : public Layer
{
  public:
    LayerSpec Spec() const override { return { "hard_swish", {} }; }
    SampleShape OutputShape(SampleShape input) const override { return input; }
    /** An addition, two comparisons, a multiply and a division per element. */
    std::uint64_t Flops(SampleShape input) const override { return 5 * input.Count(); }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<HardSwish>(*this); }

  private:
    Tensor m_input; // cached in training mode: the derivative depends on x
};

} // namespace eesim

#endif
