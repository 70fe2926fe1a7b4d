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

Conv2d::Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding)
    : m_in(inChannels)
    , m_out(outChannels)
    , m_kernel(kernel)
    , m_stride(stride)
    , m_padding(padding)
{
    const std::size_t weights = std::size_t(outChannels) * inChannels * kernel * kernel;
    m_weight = { "weight", AlignedFloats(weights), AlignedFloats(weights), true };
    m_bias = { "bias", AlignedFloats(outChannels), AlignedFloats(outChannels), true };
}

std::unique_ptr<Layer>
Conv2d::FromSpec(const LayerSpec& spec)
{
    return std::make_unique<Conv2d>(spec.GetInt("in_channels", 1), spec.GetInt("out_channels", 1),
                                    spec.GetInt("kernel", 1), spec.GetIntOr("stride", 1, 1),
                                    spec.GetIntOr("padding", 0, 0));
}

LayerSpec
Conv2d::Spec() const
{
    return { "conv2d",
             { { "in_channels", m_in },
               { "out_channels", m_out },
               { "kernel", m_kernel },
               { "stride", m_stride },
               { "padding", m_padding } } };
}

SampleShape
Conv2d::OutputShape(SampleShape input) const
{
    const int h = (input.height + 2 * m_padding - m_kernel) / m_stride + 1;
    const int w = (input.width + 2 * m_padding - m_kernel) / m_stride + 1;
    if (input.channels != m_in || input.height + 2 * m_padding < m_kernel
        || input.width + 2 * m_padding < m_kernel)
    {
        throw Error("conv2d expects " + std::to_string(m_in) + " channels of at least "
                    + std::to_string(m_kernel) + "x" + std::to_string(m_kernel) + ", got "
                    + input.ToString());
    }
    return { m_out, h, w };
}

std::uint64_t
Conv2d::Flops(SampleShape input) const
{
    const SampleShape out = OutputShape(input);
    const std::uint64_t macs = std::uint64_t(m_in) * m_kernel * m_kernel;
    return std::uint64_t(out.Count()) * (2 * macs + 1);
}

void
Conv2d::Initialize(Random& random)
{
    // He (Kaiming) uniform for ReLU networks: variance 2 / fan_in.
    const float bound = std::sqrt(6.0F / float(m_in * m_kernel * m_kernel));
    for (float& w : m_weight.value)
    {
        w = random.Uniform(-bound, bound);
    }
    std::fill(m_bias.value.begin(), m_bias.value.end(), 0.0F);
}

void
Conv2d::Unfold(const float* sample, SampleShape shape, RowMatrix& columns) const
{
    const SampleShape out = OutputShape(shape);
    columns.resize(m_in * m_kernel * m_kernel, out.height * out.width);
    for (int c = 0; c < m_in; ++c)
    {
        const float* plane = sample + std::size_t(c) * shape.height * shape.width;
        for (int kh = 0; kh < m_kernel; ++kh)
        {
            for (int kw = 0; kw < m_kernel; ++kw)
            {
                float* row = columns.row((c * m_kernel + kh) * m_kernel + kw).data();
                for (int oh = 0; oh < out.height; ++oh)
                {
                    const int ih = oh * m_stride - m_padding + kh;
                    for (int ow = 0; ow < out.width; ++ow)
                    {
                        const int iw = ow * m_stride - m_padding + kw;
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
Conv2d::FoldAdd(const RowMatrix& columns, SampleShape shape, float* sample) const
{
    const SampleShape out = OutputShape(shape);
    for (int c = 0; c < m_in; ++c)
    {
        float* plane = sample + std::size_t(c) * shape.height * shape.width;
        for (int kh = 0; kh < m_kernel; ++kh)
        {
            for (int kw = 0; kw < m_kernel; ++kw)
            {
                const float* row = columns.row((c * m_kernel + kh) * m_kernel + kw).data();
                for (int oh = 0; oh < out.height; ++oh)
                {
                    const int ih = oh * m_stride - m_padding + kh;
                    if (ih < 0 || ih >= shape.height)
                    {
                        continue;
                    }
                    for (int ow = 0; ow < out.width; ++ow)
                    {
                        const int iw = ow * m_stride - m_padding + kw;
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
    ConstMatrixMap weight(m_weight.value.data(), m_out, m_in * m_kernel * m_kernel);
    ConstVectorMap bias(m_bias.value.data(), m_out);
    RowMatrix columns;
    for (int n = 0; n < input.Batch(); ++n)
    {
        Unfold(input.Sample(n), input.Shape(), columns);
        MatrixMap out(output.Sample(n), m_out, pixels);
        out.noalias() = weight * columns;
        out.colwise() += bias;
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
    const int patch = m_in * m_kernel * m_kernel;
    Tensor gradInput(m_input.Batch(), inShape);
    ConstMatrixMap weight(m_weight.value.data(), m_out, patch);
    MatrixMap gradWeight(m_weight.grad.data(), m_out, patch);
    VectorMap gradBias(m_bias.grad.data(), m_out);
    RowMatrix columns;
    RowMatrix gradColumns;
    for (int n = 0; n < m_input.Batch(); ++n)
    {
        ConstMatrixMap gradOut(gradOutput.Sample(n), m_out, pixels);
        Unfold(m_input.Sample(n), inShape, columns);
        gradWeight.noalias() += gradOut * columns.transpose();
        AddRowSums(gradOut, m_bias.grad.data());
        gradColumns.noalias() = weight.transpose() * gradOut;
        FoldAdd(gradColumns, inShape, gradInput.Sample(n));
    }
    return gradInput;
}

void
Conv2d::ScaleAndShiftOutputs(const std::vector<float>& scale, const std::vector<float>& shift)
{
    const std::size_t patch = std::size_t(m_in) * m_kernel * m_kernel;
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
      "2-D convolution over square kernels, zero padding",
      { "in_channels", "out_channels", "kernel", "stride", "padding" },
      [](const LayerSpec& spec) { return Conv2d::FromSpec(spec); },
      [](LayerSpec& spec, SampleShape input) { SetFromInput(spec, "in_channels", input.channels); },
      [](const LayerSpec& spec, std::uint64_t limit)
      {
          return CappedProduct(spec, { "out_channels", "in_channels", "kernel", "kernel" }, limit)
                 + CappedProduct(spec, { "out_channels" }, limit);
      } }
};

} // namespace

} // namespace eesim
