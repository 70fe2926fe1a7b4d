#include "nn/layers/conv2d.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <cmath>

namespace eesim
{

namespace
{

/** sums[r] += sum of row r, in a fixed order (Eigen's vectorised reductions are not). */
void
AddRowSums(const ConstMatrixMap& m, float* sums)
{
    for (Eigen::Index r = 0; r < m.rows(); ++r)
    {
        float sum = 0.0F;
        for (Eigen::Index c = 0; c < m.cols(); ++c)
        {
            sum += m(r, c);
        }
        sums[r] += sum;
    }
}

} // namespace

Conv2d::Conv2d(int inChannels, int outChannels, Geometry geometry)
    : m_in(inChannels)
    , m_out(outChannels)
    , m_kernel(geometry.kernel)
    , m_stride(geometry.stride)
    , m_padding(geometry.padding)
    , m_dilation(geometry.dilation)
    , m_groups(geometry.groups)
{
    if (inChannels % m_groups != 0 || outChannels % m_groups != 0)
    {
        throw Error("conv2d: " + std::to_string(m_groups) + " groups do not divide "
                    + std::to_string(inChannels) + " input and " + std::to_string(outChannels)
                    + " output channels");
    }
    const std::size_t weights = std::size_t(outChannels) * Patch();
    m_weight = { "weight", AlignedFloats(weights), AlignedFloats(weights), true };
    m_bias = { "bias", AlignedFloats(outChannels), AlignedFloats(outChannels), true };
}

std::unique_ptr<Layer>
Conv2d::FromSpec(const LayerSpec& spec)
{
    Geometry geometry;
    geometry.kernel = spec.GetInt("kernel", 1);
    geometry.stride = spec.GetIntOr("stride", 1, 1);
    geometry.padding = spec.GetIntOr("padding", 0, 0);
    geometry.dilation = spec.GetIntOr("dilation", 1, 1);
    geometry.groups = spec.GetIntOr("groups", 1, 1);
    return std::make_unique<Conv2d>(spec.GetInt("in_channels", 1), spec.GetInt("out_channels", 1),
                                    geometry);
}

LayerSpec
Conv2d::Spec() const
{
    LayerSpec spec{ "conv2d",
                    { { "in_channels", m_in },
                      { "out_channels", m_out },
                      { "kernel", m_kernel },
                      { "stride", m_stride },
                      { "padding", m_padding } } };
    // Written only when used, so plain convolutions keep the first file format's lines.
    if (m_dilation != 1)
    {
        spec.Set("dilation", m_dilation);
    }
    if (m_groups != 1)
    {
        spec.Set("groups", m_groups);
    }
    return spec;
}

SampleShape
Conv2d::OutputShape(SampleShape input) const
{
    if (input.channels != m_in || input.height + 2 * m_padding < Extent()
        || input.width + 2 * m_padding < Extent())
    {
        throw Error("conv2d expects " + std::to_string(m_in) + " channels of at least "
                    + std::to_string(Extent()) + "x" + std::to_string(Extent())
                    + " (padding included), got " + input.ToString());
    }
    const int h = (input.height + 2 * m_padding - Extent()) / m_stride + 1;
    const int w = (input.width + 2 * m_padding - Extent()) / m_stride + 1;
    return { m_out, h, w };
}

std::uint64_t
Conv2d::Flops(SampleShape input) const
{
    const SampleShape out = OutputShape(input);
    return std::uint64_t(out.Count()) * (2 * std::uint64_t(Patch()) + 1);
}

void
Conv2d::Initialize(Random& random)
{
    // He (Kaiming) uniform for ReLU networks: variance 2 / fan_in.
    const float bound = std::sqrt(6.0F / float(Patch()));
    for (float& w : m_weight.value)
    {
        w = random.Uniform(-bound, bound);
    }
    std::fill(m_bias.value.begin(), m_bias.value.end(), 0.0F);
}

void
Conv2d::Unfold(const float* sample, SampleShape shape, int group, RowMatrix& columns) const
{
    const SampleShape out = OutputShape(shape);
    columns.resize(Patch(), out.height * out.width);
    for (int c = 0; c < InPerGroup(); ++c)
    {
        const float* plane
            = sample + std::size_t(group * InPerGroup() + c) * shape.height * shape.width;
        for (int kh = 0; kh < m_kernel; ++kh)
        {
            for (int kw = 0; kw < m_kernel; ++kw)
            {
                float* row = columns.row((c * m_kernel + kh) * m_kernel + kw).data();
                for (int oh = 0; oh < out.height; ++oh)
                {
                    const int ih = InputIndex(oh, kh);
                    for (int ow = 0; ow < out.width; ++ow)
                    {
                        const int iw = InputIndex(ow, kw);
                        const bool inside
                            = ih >= 0 && ih < shape.height && iw >= 0 && iw < shape.width;
                        row[oh * out.width + ow] = inside ? plane[ih * shape.width + iw] : 0.0F;
                    }
                }
            }
        }
    }
}

void
Conv2d::FoldAdd(const RowMatrix& columns, SampleShape shape, int group, float* sample) const
{
    const SampleShape out = OutputShape(shape);
    for (int c = 0; c < InPerGroup(); ++c)
    {
        float* plane = sample + std::size_t(group * InPerGroup() + c) * shape.height * shape.width;
        for (int kh = 0; kh < m_kernel; ++kh)
        {
            for (int kw = 0; kw < m_kernel; ++kw)
            {
                const float* row = columns.row((c * m_kernel + kh) * m_kernel + kw).data();
                for (int oh = 0; oh < out.height; ++oh)
                {
                    const int ih = InputIndex(oh, kh);
                    if (ih < 0 || ih >= shape.height)
                    {
                        continue;
                    }
                    for (int ow = 0; ow < out.width; ++ow)
                    {
                        const int iw = InputIndex(ow, kw);
                        if (iw >= 0 && iw < shape.width)
                        {
                            plane[ih * shape.width + iw] += row[oh * out.width + ow];
                        }
                    }
                }
            }
        }
    }
}

Tensor
Conv2d::Forward(const Tensor& input, Mode mode)
{
    const SampleShape outShape = OutputShape(input.Shape());
    const int pixels = outShape.height * outShape.width;
    Tensor output(input.Batch(), outShape);
    RowMatrix columns;
    for (int n = 0; n < input.Batch(); ++n)
    {
        for (int g = 0; g < m_groups; ++g)
        {
            ConstMatrixMap weight(m_weight.value.data() + std::size_t(g) * OutPerGroup() * Patch(),
                                  OutPerGroup(), Patch());
            ConstVectorMap bias(m_bias.value.data() + g * OutPerGroup(), OutPerGroup());
            Unfold(input.Sample(n), input.Shape(), g, columns);
            MatrixMap out(output.Sample(n) + std::size_t(g) * OutPerGroup() * pixels,
                          OutPerGroup(), pixels);
            out.noalias() = weight * columns;
            out.colwise() += bias;
        }
    }
    if (mode == Mode::kTraining)
    {
        m_input = input;
    }
    return output;
}

Tensor
Conv2d::Backward(const Tensor& gradOutput)
{
    const SampleShape inShape = m_input.Shape();
    const int pixels = gradOutput.Shape().height * gradOutput.Shape().width;
    Tensor gradInput(m_input.Batch(), inShape);
    RowMatrix columns;
    RowMatrix gradColumns;
    for (int n = 0; n < m_input.Batch(); ++n)
    {
        for (int g = 0; g < m_groups; ++g)
        {
            const std::size_t weightsAt = std::size_t(g) * OutPerGroup() * Patch();
            ConstMatrixMap weight(m_weight.value.data() + weightsAt, OutPerGroup(), Patch());
            MatrixMap gradWeight(m_weight.grad.data() + weightsAt, OutPerGroup(), Patch());
            ConstMatrixMap gradOut(gradOutput.Sample(n) + std::size_t(g) * OutPerGroup() * pixels,
                                   OutPerGroup(), pixels);
            Unfold(m_input.Sample(n), inShape, g, columns);
            gradWeight.noalias() += gradOut * columns.transpose();
            AddRowSums(gradOut, m_bias.grad.data() + g * OutPerGroup());
            gradColumns.noalias() = weight.transpose() * gradOut;
            FoldAdd(gradColumns, inShape, g, gradInput.Sample(n));
        }
    }
    return gradInput;
}

void
Conv2d::ScaleAndShiftOutputs(const std::vector<float>& scale, const std::vector<float>& shift)
{
    const std::size_t patch = Patch();
    for (int c = 0; c < m_out; ++c)
    {
        for (std::size_t i = 0; i < patch; ++i)
        {
            m_weight.value[c * patch + i] *= scale[c];
        }
        m_bias.value[c] = m_bias.value[c] * scale[c] + shift[c];
    }
}

namespace
{

const Registration<LayerType> kRegistration{
    { "conv2d",
      "2-D convolution over square kernels with zero padding, dilation and channel groups",
      { "in_channels", "out_channels", "kernel", "stride", "padding", "dilation", "groups" },
      [](const LayerSpec& spec) { return Conv2d::FromSpec(spec); },
      [](LayerSpec& spec, SampleShape input) { SetFromInput(spec, "in_channels", input.channels); },
      [](const LayerSpec& spec, std::uint64_t limit)
      {
          // out * (in / groups) * kernel^2 weights, then out biases.
          const std::uint64_t groups = std::uint64_t(spec.GetIntOr("groups", 1, 1));
          const std::uint64_t in = std::uint64_t(spec.GetInt("in_channels", 1));
          if (in % groups != 0)
          {
              throw Error("conv2d: groups do not divide the input channels");
          }
          return CappedProduct(spec, { "out_channels", "kernel", "kernel" }, limit, in / groups)
                 + CappedProduct(spec, { "out_channels" }, limit);
      } }
};

} // namespace

} // namespace eesim
