#ifndef EESIM_NN_LAYERS_MUL_H
#define EESIM_NN_LAYERS_MUL_H

#include "nn/layer.h"

namespace eesim
{

/**
 * The element-wise product of two inputs, as gates use it (SiLU's x * sigmoid(x), hard-swish's
 * x * hard_sigmoid(x), squeeze-and-excitation's per-channel scale). Each dimension of the two
 * per-sample shapes is equal or 1 in one of them, and a dimension of 1 is repeated
 * (broadcasting, as in ONNX and NumPy): (C, H, W) x (C, 1, 1) scales each channel.
 */
class Mul : public MultiInputLayer
{
  public:
    LayerSpec Spec() const override { return { "mul", {} }; }
    SampleShape OutputShapeOf(const std::vector<SampleShape>& inputs) const override;
    std::uint64_t FlopsOf(const std::vector<SampleShape>& inputs) const override;
    Tensor ForwardInputs(const Inputs& inputs, Mode mode) override;
    std::vector<Tensor> BackwardInputs(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Mul>(*this); }

  private:
    Tensor m_left; // cached in training mode: each input's gradient is the other input
    Tensor m_right;
};

} // namespace eesim

#endif
