#ifndef EESIM_NN_LAYERS_ADD_H
#define EESIM_NN_LAYERS_ADD_H

#include "nn/layer.h"

namespace eesim
{

/** The element-wise sum of two or more inputs of one shape: a residual connection. */
class Add : public MultiInputLayer
{
  public:
    LayerSpec Spec() const override { return { "add", {} }; }
    SampleShape OutputShapeOf(const std::vector<SampleShape>& inputs) const override;
    std::uint64_t FlopsOf(const std::vector<SampleShape>& inputs) const override;
    Tensor ForwardInputs(const Inputs& inputs, Mode mode) override;
    std::vector<Tensor> BackwardInputs(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Add>(*this); }

  private:
    std::size_t m_inputCount = 0;
};

} // namespace eesim

#endif
