#ifndef EESIM_NN_LAYERS_PAD_H
#define EESIM_NN_LAYERS_PAD_H

#include "nn/layer.h"

namespace eesim
{

/** Zero padding of height and width, each side its own amount (ONNX Pad, constant mode, on H
 *  and W): (C, H, W) to (C, top + H + bottom, left + W + right). */
class Pad : public Layer
{
  public:
    /** Zeros added on each side. */
    struct Sides
    {
        int top = 0;
        int left = 0;
        int bottom = 0;
        int right = 0;
    };

    explicit Pad(Sides sides);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override;
    /** Copies only: no arithmetic. */
    std::uint64_t Flops(SampleShape /*input*/) const override { return 0; }
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Pad>(*this); }

  private:
    Sides m_sides;
    SampleShape m_inputShape; // kept in training mode for Backward
};

} // namespace eesim

#endif
