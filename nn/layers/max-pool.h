#ifndef EESIM_NN_LAYERS_MAX_POOL_H
#define EESIM_NN_LAYERS_MAX_POOL_H

#include "nn/layer.h"

#include <cstdint>

namespace eesim
{

/** Max pooling over kernel x kernel windows, no padding; rows/columns that do not fill a
 *  window are dropped (floor), as in PyTorch's default. */
class MaxPool : public Layer
{
  public:
    MaxPool(int kernel, int stride);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override;
    std::uint64_t Flops(SampleShape input) const override;
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<MaxPool>(*this); }

  private:
    int m_kernel;
    int m_stride;
    SampleShape m_inputShape;
    std::vector<std::uint32_t> m_argmax; // per output element, index into the input sample
};

} // namespace eesim

#endif
