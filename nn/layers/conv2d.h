#ifndef EESIM_NN_LAYERS_CONV2D_H
#define EESIM_NN_LAYERS_CONV2D_H

#include "nn/eigen-maps.h"
#include "nn/layer.h"

namespace eesim
{

/**
 * 2-D convolution with a square kernel, stride and zero padding, computed per sample as one
 * matrix product over the unfolded input (im2col). Weight layout [out][in][kh][kw], as PyTorch.
 */
class Conv2d : public Layer
{
  public:
    Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override;
    std::uint64_t Flops(SampleShape input) const override;
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::vector<Parameter*> Parameters() override { return { &m_weight, &m_bias }; }
    void Initialize(Random& random) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Conv2d>(*this); }

    int InChannels() const { return m_in; }
    int OutChannels() const { return m_out; }
    /** Scales output channel c by scale[c] and then adds shift[c] (used to fold batch norm). */
    void ScaleAndShiftOutputs(const std::vector<float>& scale, const std::vector<float>& shift);

  private:
    void Unfold(const float* sample, SampleShape shape, RowMatrix& columns) const;
    void FoldAdd(const RowMatrix& columns, SampleShape shape, float* sample) const;

    int m_in;
    int m_out;
    int m_kernel;
    int m_stride;
    int m_padding;
    Parameter m_weight;
    Parameter m_bias;
    Tensor m_input; // cached in training mode for Backward
};

} // namespace eesim

#endif
