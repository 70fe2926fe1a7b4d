#ifndef EESIM_NN_LAYERS_AVG_POOL_H
#define EESIM_NN_LAYERS_AVG_POOL_H

#include "nn/layer.h"
#include "nn/layers/pool-window.h"

#include <cstdint>

namespace eesim
{

/**
 * Average pooling over kernel x kernel windows (see PoolWindow for padding and ceil_mode). By
 * default (count_include_pad 0, as ONNX) a window's sum is divided by the input elements it
 * holds; with count_include_pad 1 by the positions it covers of the padded input -- kernel²,
 * except for a ceil_mode window running past the padding, as in PyTorch.
 */
class AvgPool : public Layer
{
  public:
    AvgPool(PoolWindow window, bool countIncludePad);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override;
    std::uint64_t Flops(SampleShape input) const override;
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<AvgPool>(*this); }

  private:
    /** Calls visit(o, rows, cols, divisor) for every output position of one channel plane. */
    template <typename Visit> void ForEachWindow(SampleShape in, Visit visit) const;

    PoolWindow m_window;
    bool m_countIncludePad;
    SampleShape m_inputShape; // kept in training mode for Backward
};

} // namespace eesim

#endif
