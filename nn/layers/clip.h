#ifndef EESIM_NN_LAYERS_CLIP_H
#define EESIM_NN_LAYERS_CLIP_H

#include "nn/layer.h"

namespace eesim
{

/** min(max(x, min), max) element-wise, as ONNX Clip; ReLU6 is min=0 max=6. The bounds default
 *  to the largest floats, so a missing one does not clip. */
class Clip : public Layer
{
  public:
    /** The largest float, as a double: ONNX's default bounds. */
    static constexpr double kLargest = 3.4028234663852886e38;

    Clip(double min, double max);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override { return input; }
    /** Two comparisons per element. */
    std::uint64_t Flops(SampleShape input) const override { return 2 * input.Count(); }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Clip>(*this); }

  private:
    // Kept as given, so Spec() writes back exactly what was read; compared in float.
    double m_min;
    double m_max;
    Tensor m_input; // cached in training mode: the gradient passes where min < x < max
};

} // namespace eesim

#endif
