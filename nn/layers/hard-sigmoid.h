#ifndef EESIM_NN_LAYERS_HARD_SIGMOID_H
#define EESIM_NN_LAYERS_HARD_SIGMOID_H

#include "nn/layer.h"

namespace eesim
{

/** max(0, min(1, alpha x + beta)) element-wise, as ONNX HardSigmoid (alpha 0.2, beta 0.5 by
 *  default; PyTorch's hardsigmoid is alpha 1/6). */
class HardSigmoid : public Layer
{
  public:
    static constexpr double kDefaultAlpha = 0.2;
    static constexpr double kDefaultBeta = 0.5;

    HardSigmoid(double alpha, double beta);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override { return input; }
    /** A multiply, an add and two comparisons per element. */
    std::uint64_t Flops(SampleShape input) const override { return 4 * input.Count(); }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<HardSigmoid>(*this); }

  private:
    // Kept as given, so Spec() writes back exactly what was read; computed in float.
    double m_alpha;
    double m_beta;
    Tensor m_output; // cached in training mode: the gradient passes where 0 < y < 1
};

} // namespace eesim

#endif
