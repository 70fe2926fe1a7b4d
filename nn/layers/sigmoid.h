#ifndef EESIM_NN_LAYERS_SIGMOID_H
#define EESIM_NN_LAYERS_SIGMOID_H

#include "nn/layer.h"

namespace eesim
{

/** 1 / (1 + e^-x) element-wise, without overflow for large |x|. */
class Sigmoid : public Layer
{
  public:
    LayerSpec Spec() const override { return { "sigmoid", {} }; }
    SampleShape OutputShape(SampleShape input) const override { return input; }
    /** A negation, an exponential, an addition and a division per element. */
    std::uint64_t Flops(SampleShape input) const override { return 4 * input.Count(); }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Sigmoid>(*this); }

  private:
    Tensor m_output; // cached in training mode: the derivative is y (1 - y)
};

} // namespace eesim

#endif
