#ifndef EESIM_NN_LAYERS_MAX_POOL_H
#define EESIM_NN_LAYERS_MAX_POOL_H

#include "nn/layer.h"
#include "nn/layers/pool-window.h"

#include <cstdint>

namespace eesim
{

/** Max pooling over kernel x kernel windows (see PoolWindow for padding and ceil_mode). Padded
 *  positions never win (they are -infinity, as in PyTorch and ONNX); by default there is no
 *  padding and rows/columns that do not fill a window are dropped (floor). */
class MaxPool : public Layer
{
  public:
    explicit MaxPool(PoolWindow window);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override;
    std::uint64_t Flops(SampleShape input) const override;
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<MaxPool>(*this); }

  private:
    /** The input index of the largest value in output (c, oh, ow)'s window. */
    /** Index within `plane` of the window's first largest value. */
    static std::uint32_t ArgMax(const float* plane, int width, PoolWindow::Range rows,
                                PoolWindow::Range cols);

    PoolWindow m_window;
    SampleShape m_inputShape;
    std::vector<std::uint32_t> m_argmax; // per output element, index into the input sample
};

} // namespace eesim

#endif
