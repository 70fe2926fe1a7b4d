#ifndef EESIM_NN_LAYERS_RELU_H
#define EESIM_NN_LAYERS_RELU_H

#include "nn/layer.h"

namespace eesim
{

/** max(0, x) element-wise. */
class Relu : public Layer
{
  public:
    LayerSpec Spec() const override { return { "relu", {} }; }
    SampleShape OutputShape(SampleShape input) const override { return input; }
    std::uint64_t Flops(SampleShape input) const override { return input.Count(); }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Relu>(*this); }

  private:
    Tensor m_output; // cached in training mode: the gradient passes where the output is > 0
};

} // namespace eesim

#endif
