#ifndef EESIM_NN_LAYERS_CONCAT_H
#define EESIM_NN_LAYERS_CONCAT_H

#include "nn/layer.h"

namespace eesim
{

/** Two or more inputs of one height and width stacked along the channels, in input order. */
class Concat : public MultiInputLayer
{
  public:
    LayerSpec Spec() const override { return { "concat", {} }; }
    SampleShape OutputShapeOf(const std::vector<SampleShape>& inputs) const override;
    std::uint64_t FlopsOf(const std::vector<SampleShape>& /*inputs*/) const override { return 0; }
    Tensor ForwardInputs(const Inputs& inputs, Mode mode) override;
    std::vector<Tensor> BackwardInputs(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Concat>(*this); }

  private:
    std::vector<SampleShape> m_inputShapes;
};

} // namespace eesim

#endif
