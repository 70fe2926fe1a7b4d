#ifndef EESIM_NN_LAYERS_CONV2D_H
#define EESIM_NN_LAYERS_CONV2D_H

#include "nn/eigen-maps.h"
#include "nn/layer.h"

namespace eesim
{

/**
 * 2-D convolution with a square kernel, stride, zero padding, dilation and channel groups,
 * computed per sample and group as one matrix product over the unfolded input (im2col). With
 * `groups` g, input and output channels split into g equal groups, output group j seeing only
 * input group j (g = in = out is a depthwise convolution). Weight layout [out][in / g][kh][kw],
 * as PyTorch and ONNX.
 */
class Conv2d : public Layer
{
  public:
    /** Kernel geometry beyond the channel counts; the defaults are a plain convolution. */
    struct Geometry
    {
        int kernel = 1;
        int stride = 1;
        int padding = 0;
        int dilation = 1;
        int groups = 1;
    };

    Conv2d(int inChannels, int outChannels, Geometry geometry);
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
    /** The group's input as a matrix: a row per (input channel, kernel row, kernel column), a
     *  column per output position (im2col). Valid until the thread's next Unfold. */
    ConstMatrixMap Unfold(const float* sample, SampleShape shape, int group) const;
    /** One row of the unfolded matrix: what tap (kh, kw) reads on one input plane. */
    void UnfoldTap(const float* plane, SampleShape in, SampleShape out, int kh, int kw,
                   float* row) const;
    /** Output positions [begin, end) whose kernel tap k reads inside the input (not padding). */
    struct Span
    {
        int begin = 0;
        int end = 0;
    };
    Span InsideOutputs(int k, int inputSize, int outputSize) const;
    void FoldAdd(const RowMatrix& columns, SampleShape shape, int group, float* sample) const;
    /** Input row or column read by output position `o` and kernel tap `k`. */
    int InputIndex(int o, int k) const { return o * m_stride - m_padding + k * m_dilation; }
    /** A 1x1 kernel with stride 1 and no padding: the input is already the unfolded matrix. */
    bool IsPointwise() const { return m_kernel == 1 && m_stride == 1 && m_padding == 0; }
    /** The kernel's extent on the input: dilation * (kernel - 1) + 1. */
    int Extent() const { return m_dilation * (m_kernel - 1) + 1; }
    int InPerGroup() const { return m_in / m_groups; }
    int OutPerGroup() const { return m_out / m_groups; }
    int Patch() const { return InPerGroup() * m_kernel * m_kernel; }

    int m_in;
    int m_out;
    int m_kernel;
    int m_stride;
    int m_padding;
    int m_dilation;
    int m_groups;
    Parameter m_weight;
    Parameter m_bias;
    Tensor m_input; // cached in training mode for Backward
};

} // namespace eesim

#endif
