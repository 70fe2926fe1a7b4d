#include "nn/layers/conv2d.h"

#include "base/error.h"
#include "nn/layer-type.h"

#include <algorithm>
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

Conv2d::Span
Conv2d::InsideOutputs(int k, int inputSize, int outputSize) const
{
    // Output o reads input o * stride - padding + k * dilation, which is inside when in
    // [0, inputSize): o >= (padding - k * dilation) / stride, rounded up, and
    // o <= (inputSize - 1 + padding - k * dilation) / stride, rounded down.
    const int first = m_padding - k * m_dilation;
    const int last = inputSize - 1 + m_padding - k * m_dilation;
    Span span;
    span.begin = first <= 0 ? 0 : (first + m_stride - 1) / m_stride;
    span.end = last < 0 ? 0 : std::min(outputSize, last / m_stride + 1);
    span.end = std::max(span.end, span.begin);
    return span;
}

ConstMatrixMap
Conv2d::Unfold(const float* sample, SampleShape shape, int group) const
{
    // Row (c, kh, kw) of the columns holds, for every output position, the input value that
    // kernel tap meets there (zero in the padding). The buffer is the calling thread's and only
    // grows: a forward pass then allocates nothing, whatever the layer shapes.
    thread_local AlignedFloats buffer;
    const SampleShape out = OutputShape(shape);
    const int pixels = out.height * out.width;
    buffer.resize(std::max(buffer.size(), std::size_t(Patch()) * pixels));
    for (int c = 0; c < InPerGroup(); ++c)
    {
        const float* plane
            = sample + std::size_t(group * InPerGroup() + c) * shape.height * shape.width;
        for (int kh = 0; kh < m_kernel; ++kh)
        {
            for (int kw = 0; kw < m_kernel; ++kw)
            {
                UnfoldTap(plane, shape, out, kh, kw,
                          buffer.data() + std::size_t((c * m_kernel + kh) * m_kernel + kw) * pixels);
            }
        }
    }
    return { buffer.data(), Patch(), pixels };
}

void
Conv2d::UnfoldTap(const float* plane, SampleShape in, SampleShape out, int kh, int kw,
                  float* row) const
{
    // The inside part of each output row is found once, so the copies have no bounds checks.
    const Span rows = InsideOutputs(kh, in.height, out.height);
    const Span cols = InsideOutputs(kw, in.width, out.width);
    std::fill(row, row + rows.begin * out.width, 0.0F);
    std::fill(row + rows.end * out.width, row + out.height * out.width, 0.0F);
    if (rows.end <= rows.begin || cols.end <= cols.begin)
    {
        std::fill(row + rows.begin * out.width, row + rows.end * out.width, 0.0F);
        return;
    }
    if (m_stride == 1 && out.width == in.width)
    {
        // Output rows and input rows are equally long: the inside rows are one contiguous run
        // of the input, shifted by the tap's offset. Copy it whole (clipped to the plane), then
        // zero the few positions per row whose tap falls in the left or right padding.
        const std::ptrdiff_t shift = std::ptrdiff_t(InputIndex(rows.begin, kh)) * in.width
                                     + InputIndex(0, kw) - std::ptrdiff_t(rows.begin) * out.width;
        const std::ptrdiff_t first = std::max<std::ptrdiff_t>(rows.begin * out.width, -shift);
        const std::ptrdiff_t last = std::min<std::ptrdiff_t>(
            rows.end * out.width, std::ptrdiff_t(in.height) * in.width - shift);
        std::copy(plane + first + shift, plane + last + shift, row + first);
        // (Loops rather than std::fill: one or two values per row, where a call costs more.)
        for (int oh = rows.begin; oh < rows.end; ++oh)
        {
            float* dst = row + oh * out.width;
            for (int ow = 0; ow < cols.begin; ++ow)
            {
                dst[ow] = 0.0F;
            }
            for (int ow = cols.end; ow < out.width; ++ow)
            {
                dst[ow] = 0.0F;
            }
        }
        return;
    }
    for (int oh = rows.begin; oh < rows.end; ++oh)
    {
        float* dst = row + oh * out.width;
        const float* src = plane + InputIndex(oh, kh) * in.width;
        for (int ow = 0; ow < out.width; ++ow)
        {
            dst[ow] = ow >= cols.begin && ow < cols.end ? src[InputIndex(ow, kw)] : 0.0F;
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
    const int inPixels = input.Shape().height * input.Shape().width;
    Tensor output(input.Batch(), outShape);
    for (int n = 0; n < input.Batch(); ++n)
    {
        for (int g = 0; g < m_groups; ++g)
        {
            ConstMatrixMap weight(m_weight.value.data() + std::size_t(g) * OutPerGroup() * Patch(),
                                  OutPerGroup(), Patch());
            ConstVectorMap bias(m_bias.value.data() + g * OutPerGroup(), OutPerGroup());
            MatrixMap out(output.Sample(n) + std::size_t(g) * OutPerGroup() * pixels,
                          OutPerGroup(), pixels);
            if (IsPointwise())
            {
                // A 1x1 convolution's columns are the input planes themselves.
                out.noalias()
                    = weight
                      * ConstMatrixMap(input.Sample(n) + std::size_t(g) * InPerGroup() * inPixels,
                                       InPerGroup(), inPixels);
            }
            else
            {
                out.noalias() = weight * Unfold(input.Sample(n), input.Shape(), g);
            }
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
            gradWeight.noalias() += gradOut * Unfold(m_input.Sample(n), inShape, g).transpose();
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
