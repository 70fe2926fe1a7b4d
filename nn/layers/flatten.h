#ifndef EESIM_NN_LAYERS_FLATTEN_H
#define EESIM_NN_LAYERS_FLATTEN_H

#include "nn/layer.h"

namespace eesim
{

/** (C, H, W) -> (C*H*W, 1, 1); the data order (NCHW) is unchanged, as in PyTorch's flatten. */
class Flatten : public Layer
{
  public:
    LayerSpec Spec() const override { return { "flatten", {} }; }
    SampleShape OutputShape(SampleShape input) const override
    {
        return { int(input.Count()), 1, 1 };
    }
    std::uint64_t Flops(SampleShape /*input*/) const override { return 0; }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Flatten>(*this); }

  private:
    SampleShape m_inputShape;
};

} // namespace eesim

#endif
