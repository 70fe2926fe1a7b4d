// Forward passes of every layer against values worked out by hand.
#include "nn/layer-factory.h"
#include "nn/layers/avg-pool.h"
#include "nn/layers/batch-norm.h"
#include "nn/layers/clip.h"
#include "nn/layers/conv2d.h"
#include "nn/layers/flatten.h"
#include "nn/layers/global-avg-pool.h"
#include "nn/layers/hard-sigmoid.h"
#include "nn/layers/hard-swish.h"
#include "nn/layers/linear.h"
#include "nn/layers/max-pool.h"
#include "nn/layers/pad.h"
#include "nn/layers/power-normalize.h"
#include "nn/layers/relu.h"
#include "nn/layers/sigmoid.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <cmath>

using namespace eesim;
using Catch::Matchers::WithinAbs;

namespace
{

Tensor
MakeTensor(int batch, SampleShape shape, const std::vector<float>& values)
{
    Tensor t(batch, shape);
    REQUIRE(values.size() == t.Size());
    std::copy(values.begin(), values.end(), t.Data());
    return t;
}

void
RequireValues(const Tensor& t, const std::vector<float>& expected, double tolerance = 1e-6)
{
    REQUIRE(t.Size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        INFO("element " << i);
        CHECK_THAT(t[i], WithinAbs(expected[i], tolerance));
    }
}

} // namespace

TEST_CASE("conv2d computes a 2x2 diagonal kernel without padding")
{
    Conv2d conv(1, 1, { 2, 1, 0 });
    conv.Parameters()[0]->value = { 1, 0, 0, 1 };
    conv.Parameters()[1]->value = { 0.5F };
    const Tensor x = MakeTensor(1, { 1, 3, 3 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
    const Tensor y = conv.Forward(x, Mode::kInference);
    CHECK(y.Shape() == SampleShape{ 1, 2, 2 });
    // y[i][j] = x[i][j] + x[i+1][j+1] + 0.5
    RequireValues(y, { 6.5F, 8.5F, 12.5F, 14.5F });
}

TEST_CASE("conv2d honours stride and zero padding")
{
    Conv2d conv(1, 1, { 2, 2, 1 });
    conv.Parameters()[0]->value = { 1, 0, 0, 1 };
    conv.Parameters()[1]->value = { 0.5F };
    const Tensor x = MakeTensor(1, { 1, 3, 3 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
    const Tensor y = conv.Forward(x, Mode::kInference);
    CHECK(y.Shape() == SampleShape{ 1, 2, 2 });
    // Windows start at (-1,-1), (-1,1), (1,-1), (1,1); outside pixels are zero.
    RequireValues(y, { 1.5F, 3.5F, 7.5F, 14.5F });
}

TEST_CASE("conv2d mixes channels with a 1x1 kernel, batch by batch")
{
    Conv2d conv(2, 2, { 1, 1, 0 });
    conv.Parameters()[0]->value = { 1, 2, -1, 0.5F }; // [out][in]
    conv.Parameters()[1]->value = { 0, 1 };
    const Tensor x = MakeTensor(2, { 2, 1, 1 }, { 1, 3, 2, -2 });
    const Tensor y = conv.Forward(x, Mode::kInference);
    // sample 0: (1 + 6, -1 + 1.5 + 1); sample 1: (2 - 4, -2 - 1 + 1)
    RequireValues(y, { 7, 1.5F, -2, -2 });
}

namespace
{

/** The convolution's definition, one output element at a time: y[o][i][j] = bias[o] + the sum
 *  over the group's input channels and the kernel taps that land inside the input. */
std::vector<float>
DirectConvolution(const Tensor& x, const Conv2d::Geometry& g, int out,
                  const AlignedFloats& weight, const AlignedFloats& bias)
{
    const SampleShape in = x.Shape();
    const int extent = g.dilation * (g.kernel - 1) + 1;
    const int height = (in.height + 2 * g.padding - extent) / g.stride + 1;
    const int width = (in.width + 2 * g.padding - extent) / g.stride + 1;
    const int inPerGroup = in.channels / g.groups;
    const int outPerGroup = out / g.groups;
    std::vector<float> y;
    for (int n = 0; n < x.Batch(); ++n)
    {
        for (int o = 0; o < out; ++o)
        {
            for (int i = 0; i < height; ++i)
            {
                for (int j = 0; j < width; ++j)
                {
                    double sum = bias[o];
                    for (int c = 0; c < inPerGroup; ++c)
                    {
                        const int channel = (o / outPerGroup) * inPerGroup + c;
                        for (int kh = 0; kh < g.kernel; ++kh)
                        {
                            for (int kw = 0; kw < g.kernel; ++kw)
                            {
                                const int r = i * g.stride - g.padding + kh * g.dilation;
                                const int q = j * g.stride - g.padding + kw * g.dilation;
                                if (r < 0 || r >= in.height || q < 0 || q >= in.width)
                                {
                                    continue;
                                }
                                sum += double(weight[((o * inPerGroup + c) * g.kernel + kh)
                                                         * g.kernel
                                                     + kw])
                                       * x.Sample(n)[(channel * in.height + r) * in.width + q];
                            }
                        }
                    }
                    y.push_back(float(sum));
                }
            }
        }
    }
    return y;
}

} // namespace

TEST_CASE("conv2d equals the direct sum over every kernel, stride, padding, dilation and group "
          "count")
{
    // Odd, unequal input sides so that taps run off the top, bottom, left and right edges by
    // different amounts; two samples so the batch loop is covered.
    Random random(5);
    int geometries = 0;
    for (int kernel = 1; kernel <= 3; ++kernel)
    {
        for (int stride = 1; stride <= 3; ++stride)
        {
            for (int padding = 0; padding <= 2; ++padding)
            {
                for (int dilation = 1; dilation <= 2; ++dilation)
                {
                    for (int groups : { 1, 2 })
                    {
                        const Conv2d::Geometry g{ kernel, stride, padding, dilation, groups };
                        const SampleShape in{ 4, 5, 7 };
                        if (in.height + 2 * padding < dilation * (kernel - 1) + 1)
                        {
                            continue;
                        }
                        Conv2d conv(4, 6, g);
                        conv.Initialize(random);
                        for (float& b : conv.Parameters()[1]->value)
                        {
                            b = random.Uniform(-1, 1);
                        }
                        Tensor x(2, in);
                        for (std::size_t i = 0; i < x.Size(); ++i)
                        {
                            x[i] = random.Uniform(-1, 1);
                        }
                        INFO("kernel " << kernel << " stride " << stride << " padding " << padding
                                       << " dilation " << dilation << " groups " << groups);
                        RequireValues(conv.Forward(x, Mode::kInference),
                                      DirectConvolution(x, g, 6, conv.Parameters()[0]->value,
                                                        conv.Parameters()[1]->value),
                                      1e-5);
                        ++geometries;
                    }
                }
            }
        }
    }
    CHECK(geometries == 108);
}

TEST_CASE("conv2d counts FLOPs as two per multiply-add plus one per bias")
{
    Conv2d conv(1, 16, { 3, 1, 1 });
    CHECK(conv.OutputShape({ 1, 28, 28 }) == SampleShape{ 16, 28, 28 });
    CHECK(conv.Flops({ 1, 28, 28 }) == 16ULL * 28 * 28 * (2 * 9 + 1));
}

TEST_CASE("a dilated conv2d spaces its taps and a grouped one keeps each group to itself")
{
    // Kernel 2 with dilation 2 on a 3x3 input reads the four corners: one output.
    Conv2d dilated(1, 1, { 2, 1, 0, 2, 1 });
    dilated.Parameters()[0]->value = { 1, 10, 100, 1000 };
    dilated.Parameters()[1]->value = { 0 };
    const Tensor x = MakeTensor(1, { 1, 3, 3 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
    const Tensor y = dilated.Forward(x, Mode::kInference);
    CHECK(y.Shape() == SampleShape{ 1, 1, 1 });
    RequireValues(y, { 1 * 1 + 3 * 10 + 7 * 100 + 9 * 1000 });
    CHECK(dilated.Spec().ToString()
          == "conv2d in_channels=1 out_channels=1 kernel=2 stride=1 padding=0 dilation=2");

    // Depthwise 1x1: 2 groups of one channel each, weights 2 and -3, biases 1 and 0.
    Conv2d depthwise(2, 2, { 1, 1, 0, 1, 2 });
    depthwise.Parameters()[0]->value = { 2, -3 };
    depthwise.Parameters()[1]->value = { 1, 0 };
    const Tensor z
        = depthwise.Forward(MakeTensor(1, { 2, 1, 2 }, { 1, 2, 3, 4 }), Mode::kInference);
    RequireValues(z, { 3, 5, -9, -12 });
    CHECK(depthwise.Flops({ 2, 1, 2 }) == 4 * (2 * 1 + 1));
    CHECK_THROWS_WITH(Conv2d(3, 4, { 1, 1, 0, 1, 2 }), Catch::Contains("2 groups do not divide"));
}

TEST_CASE("relu zeroes negatives and keeps positives")
{
    Relu relu;
    RequireValues(relu.Forward(MakeTensor(1, { 4, 1, 1 }, { -1, 0, 2, -0.5F }), Mode::kInference),
                  { 0, 0, 2, 0 });
}

TEST_CASE("max_pool takes the largest value of each window")
{
    MaxPool pool({ 2, 2 });
    std::vector<float> values(16);
    for (int i = 0; i < 16; ++i)
    {
        values[i] = float(i);
    }
    const Tensor y = pool.Forward(MakeTensor(1, { 1, 4, 4 }, values), Mode::kInference);
    CHECK(y.Shape() == SampleShape{ 1, 2, 2 });
    RequireValues(y, { 5, 7, 13, 15 });
    CHECK(pool.OutputShape({ 3, 7, 7 }) == SampleShape{ 3, 3, 3 }); // floor, as PyTorch
    CHECK(pool.Flops({ 1, 4, 4 }) == 4 * 3);
}

TEST_CASE("max_pool sends the gradient to the maximum only")
{
    MaxPool pool({ 2, 2 });
    pool.Forward(MakeTensor(1, { 1, 2, 2 }, { 1, 4, 3, 2 }), Mode::kTraining);
    RequireValues(pool.Backward(MakeTensor(1, { 1, 1, 1 }, { 10 })), { 0, 10, 0, 0 });
}

TEST_CASE("max_pool sends a tie's gradient to its first maximum in reading order, as PyTorch")
{
    // Two windows side by side, each with its maximum twice: PyTorch's max_pool2d (and its
    // indices) picks the first in row-major order, so training matches it.
    MaxPool pool({ 2, 2 });
    pool.Forward(MakeTensor(1, { 1, 2, 4 }, { 1, 5, 7, 2, 5, 0, 7, 7 }), Mode::kTraining);
    RequireValues(pool.Backward(MakeTensor(1, { 1, 1, 2 }, { 10, 20 })),
                  { 0, 10, 20, 0, 0, 0, 0, 0 });
}

TEST_CASE("max_pool pads with -infinity and rounds up in ceil_mode, as PyTorch")
{
    // -1 .. -9 row by row: a zero padding would win every window; -infinity never does.
    const Tensor x = MakeTensor(1, { 1, 3, 3 }, { -1, -2, -3, -4, -5, -6, -7, -8, -9 });
    MaxPool padded({ 2, 2, 1 });
    // Rows and columns {-1, 0} and {1, 2}: windows {-1}, {-2, -3}, {-4, -7}, {-5, -6, -8, -9}.
    const Tensor y = padded.Forward(x, Mode::kInference);
    CHECK(y.Shape() == SampleShape{ 1, 2, 2 });
    RequireValues(y, { -1, -2, -4, -5 });

    // ceil_mode keeps the partial windows at the right and bottom: rows {0, 1} and {2}.
    MaxPool ceil({ 2, 2, 0, true });
    RequireValues(
        ceil.Forward(MakeTensor(1, { 1, 3, 3 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9 }), Mode::kInference),
        { 5, 6, 8, 9 });
    CHECK(MaxPool({ 2, 2 }).OutputShape({ 1, 3, 3 }) == SampleShape{ 1, 1, 1 });
    // 6 + 2 - 3 = 5 over stride 2: floor 2, ceil 3 windows after the first.
    CHECK(MaxPool({ 3, 2, 1 }).OutputShape({ 2, 6, 6 }) == SampleShape{ 2, 3, 3 });
    CHECK(MaxPool({ 3, 2, 1, true }).OutputShape({ 2, 6, 6 }) == SampleShape{ 2, 4, 4 });
    // 5 + 2 - 2 = 5 over stride 3 rounds up to a third window, which would start at 6 - 1 = 5,
    // in the right padding: it is dropped.
    CHECK(MaxPool({ 2, 3, 1, true }).OutputShape({ 1, 5, 5 }) == SampleShape{ 1, 2, 2 });
    // Flops count whole windows, padding included.
    CHECK(padded.Flops({ 1, 3, 3 }) == 4 * 3);
}

TEST_CASE("max_pool writes padding and ceil_mode only when they are not the defaults")
{
    CHECK(MaxPool({ 2, 2 }).Spec().ToString() == "max_pool kernel=2 stride=2");
    CHECK(MaxPool({ 3, 2, 1, true }).Spec().ToString()
          == "max_pool kernel=3 stride=2 padding=1 ceil_mode=1");
    const auto rebuilt
        = MakeLayer(LayerSpec::Parse("max_pool kernel=3 stride=2 padding=1 ceil_mode=1"));
    CHECK(rebuilt->Spec().ToString() == "max_pool kernel=3 stride=2 padding=1 ceil_mode=1");
    CHECK_THROWS_WITH(MakeLayer(LayerSpec::Parse("max_pool kernel=2 ceil_mode=2")),
                      Catch::Contains("'ceil_mode' must be 0 or 1"));
    CHECK_THROWS_WITH(MakeLayer(LayerSpec::Parse("max_pool kernel=3 padding=2")),
                      Catch::Contains("padding 2 is more than half the kernel 3"));
    CHECK_THROWS_WITH(MaxPool({ 5, 1, 1 }).OutputShape({ 1, 2, 4 }),
                      Catch::Contains("smaller than the kernel, padding included"));
}

TEST_CASE("avg_pool divides by the input elements of a window, or by the padded window")
{
    const Tensor x = MakeTensor(1, { 1, 3, 3 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
    // Rows and columns {-1, 0} and {1, 2}: windows {1}, {2, 3}, {4, 7}, {5, 6, 8, 9}.
    AvgPool exclude({ 2, 2, 1 }, false);
    RequireValues(exclude.Forward(x, Mode::kInference), { 1, 2.5F, 5.5F, 7 });
    AvgPool include({ 2, 2, 1 }, true);
    RequireValues(include.Forward(x, Mode::kInference), { 0.25F, 1.25F, 2.75F, 7 });
    // ceil_mode: rows and columns {0, 1} and {2}.
    AvgPool ceil({ 2, 2, 0, true }, false);
    RequireValues(ceil.Forward(x, Mode::kInference), { 3, 4.5F, 7.5F, 9 });
    CHECK(exclude.Flops({ 1, 3, 3 }) == 4 * 4);
}

TEST_CASE("avg_pool with count_include_pad counts a ceil_mode window only up to the padding")
{
    // One row, columns from -1 (the padding) on: windows [-1, 2), [1, 4) and [3, 6), the last
    // covering column 3, the padding column 4 and column 5 beyond the padding.
    const Tensor x = MakeTensor(1, { 1, 1, 4 }, { 1, 2, 3, 4 });
    AvgPool include({ 3, 2, 1, true }, true);
    const Tensor y = include.Forward(x, Mode::kInference);
    REQUIRE(y.Shape() == SampleShape{ 1, 1, 3 });
    // Divisors: 3 rows (padding, the row, padding) times 3, 3 and 2 columns.
    RequireValues(y, { 3.0F / 9, 9.0F / 9, 4.0F / 6 });
    AvgPool exclude({ 3, 2, 1, true }, false);
    RequireValues(exclude.Forward(x, Mode::kInference), { 1.5F, 3, 4 });
    CHECK(include.Flops({ 1, 1, 4 }) == 3 * 9);
    CHECK(include.Spec().ToString()
          == "avg_pool kernel=3 stride=2 padding=1 ceil_mode=1 count_include_pad=1");
    CHECK(MakeLayer(LayerSpec::Parse("avg_pool kernel=2"))->Spec().ToString()
          == "avg_pool kernel=2 stride=2");
    CHECK_THROWS_WITH(AvgPool({ 3, 1 }, false).OutputShape({ 2, 2, 5 }),
                      Catch::Contains("avg_pool with kernel 3 and padding 0 got input 2x2x5"));
}

TEST_CASE("global_avg_pool averages each channel and spreads the gradient evenly")
{
    GlobalAvgPool pool;
    const Tensor x = MakeTensor(1, { 2, 2, 2 }, { 1, 2, 3, 4, -1, 0, 0, 5 });
    const Tensor y = pool.Forward(x, Mode::kTraining);
    CHECK(y.Shape() == SampleShape{ 2, 1, 1 });
    RequireValues(y, { 2.5F, 1 });
    RequireValues(pool.Backward(MakeTensor(1, { 2, 1, 1 }, { 4, 8 })), { 1, 1, 1, 1, 2, 2, 2, 2 });
    CHECK(pool.Flops({ 2, 2, 2 }) == 8);
}

TEST_CASE("sigmoid is exact at 0 and stays finite far from it")
{
    Sigmoid sigmoid;
    const Tensor y = sigmoid.Forward(MakeTensor(1, { 6, 1, 1 }, { 0, 2, -2, 100, -100, -1000 }),
                                     Mode::kInference);
    // 1 / (1 + e^-2) = 0.88079707797788; e^-100 is below float's smallest normal.
    RequireValues(y, { 0.5F, 0.880797078F, 0.119202922F, 1, 0, 0 });
    CHECK(y[5] == 0.0F);
    CHECK(sigmoid.Flops({ 6, 1, 1 }) == 4 * 6);
}

TEST_CASE("hard_sigmoid is ONNX's line clamped to [0, 1], with PyTorch's as alpha=1/6")
{
    auto onnx = MakeLayer(LayerSpec::Parse("hard_sigmoid"));
    RequireValues(onnx->Forward(MakeTensor(1, { 5, 1, 1 }, { -3, -1, 0, 1, 3 }), Mode::kInference),
                  { 0, 0.3F, 0.5F, 0.7F, 1 });
    CHECK(onnx->Spec().ToString() == "hard_sigmoid");
    HardSigmoid torch(1.0 / 6, 0.5);
    RequireValues(torch.Forward(MakeTensor(1, { 4, 1, 1 }, { -4, 0, 1.5F, 4 }), Mode::kInference),
                  { 0, 0.5F, 0.75F, 1 });
    CHECK(torch.Spec().ToString() == "hard_sigmoid alpha=0.16666666666666666");
    CHECK(torch.Flops({ 4, 1, 1 }) == 4 * 4);
}

TEST_CASE("hard_swish is 0 below -3, x above 3 and x (x + 3) / 6 between")
{
    HardSwish swish;
    const Tensor y
        = swish.Forward(MakeTensor(1, { 7, 1, 1 }, { -4, -3, -1, 0, 1, 3, 4 }), Mode::kInference);
    RequireValues(y, { 0, 0, -1.0F / 3, 0, 2.0F / 3, 3, 4 });
    CHECK(swish.Flops({ 7, 1, 1 }) == 5 * 7);
}

TEST_CASE("clip bounds each element, unbounded by default, and refuses min above max")
{
    auto relu6 = MakeLayer(LayerSpec::Parse("clip min=0 max=6"));
    RequireValues(relu6->Forward(MakeTensor(1, { 5, 1, 1 }, { -1, 0, 3, 6, 7 }), Mode::kInference),
                  { 0, 0, 3, 6, 6 });
    CHECK(relu6->Spec().ToString() == "clip min=0 max=6");
    CHECK(relu6->Flops({ 5, 1, 1 }) == 2 * 5);
    Clip open(-Clip::kLargest, Clip::kLargest);
    RequireValues(open.Forward(MakeTensor(1, { 2, 1, 1 }, { -1e30F, 1e30F }), Mode::kInference),
                  { -1e30F, 1e30F });
    CHECK(open.Spec().ToString() == "clip");
    // Beyond float's range a bound saturates instead of overflowing the conversion.
    Clip wide(-1e300, 1);
    RequireValues(wide.Forward(MakeTensor(1, { 2, 1, 1 }, { -1e30F, 2 }), Mode::kInference),
                  { -1e30F, 1 });
    CHECK_THROWS_WITH(MakeLayer(LayerSpec::Parse("clip min=6 max=0")),
                      Catch::Contains("clip: min is greater than max in 'clip min=6 max=0'"));
}

TEST_CASE("pad surrounds each channel with zeros and its gradient crops them off")
{
    Pad pad({ 1, 0, 0, 2 }); // top, left, bottom, right
    const Tensor y = pad.Forward(MakeTensor(1, { 1, 2, 2 }, { 1, 2, 3, 4 }), Mode::kTraining);
    REQUIRE(y.Shape() == SampleShape{ 1, 3, 4 });
    RequireValues(y, { 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0 });
    RequireValues(pad.Backward(MakeTensor(1, { 1, 3, 4 }, { 9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9 })),
                  { 1, 2, 3, 4 });
    CHECK(pad.Flops({ 1, 2, 2 }) == 0);
    CHECK(pad.Spec().ToString() == "pad top=1 left=0 bottom=0 right=2");
    CHECK(MakeLayer(LayerSpec::Parse("pad left=3"))->OutputShape({ 2, 4, 5 })
          == SampleShape{ 2, 4, 8 });
    CHECK_THROWS_WITH(MakeLayer(LayerSpec::Parse("pad top=-1")),
                      Catch::Contains("'top' must be an integer >= 0"));
    CHECK_THROWS_WITH(Pad({ 0, 0, 0, 1000000 }).OutputShape({ 1, 1, 1 }),
                      Catch::Contains("makes a side longer than 1000000"));
}

TEST_CASE("batch_norm normalises with batch statistics in training")
{
    BatchNorm norm(1);
    norm.Parameters()[0]->value = { 2 }; // gamma
    norm.Parameters()[1]->value = { 1 }; // beta
    const Tensor y = norm.Forward(MakeTensor(2, { 1, 1, 1 }, { 1, 3 }), Mode::kTraining);
    const float s = 1.0F / std::sqrt(1.0F + 1e-5F); // mean 2, biased variance 1
    RequireValues(y, { 1 - 2 * s, 1 + 2 * s });
    // Running statistics: momentum 0.1 towards mean 2 and unbiased variance 2.
    CHECK_THAT(norm.Parameters()[2]->value[0], WithinAbs(0.2, 1e-6));
    CHECK_THAT(norm.Parameters()[3]->value[0], WithinAbs(1.1, 1e-6));
}

TEST_CASE("batch_norm uses running statistics at inference")
{
    BatchNorm norm(2);
    norm.Parameters()[0]->value = { 2, 1 };
    norm.Parameters()[1]->value = { 1, 0 };
    norm.Parameters()[2]->value = { 1, -1 };
    norm.Parameters()[3]->value = { 4, 1 };
    const Tensor y = norm.Forward(MakeTensor(1, { 2, 1, 1 }, { 5, 0 }), Mode::kInference);
    RequireValues(y, { 2 * 4 / std::sqrt(4 + 1e-5F) + 1, 1 / std::sqrt(1 + 1e-5F) }, 1e-5);
}

TEST_CASE("linear computes W x + b")
{
    Linear linear(2, 3);
    linear.Parameters()[0]->value = { 1, 2, 3, 4, 5, 6 };
    linear.Parameters()[1]->value = { 1, 1, 1 };
    const Tensor y = linear.Forward(MakeTensor(2, { 2, 1, 1 }, { 1, 2, -1, 0 }), Mode::kInference);
    RequireValues(y, { 6, 12, 18, 0, -2, -4 });
    CHECK(linear.Flops({ 2, 1, 1 }) == 3 * (2 * 2 + 1));
}

TEST_CASE("flatten keeps the data and changes the shape")
{
    Flatten flatten;
    const Tensor x = MakeTensor(1, { 2, 1, 2 }, { 1, 2, 3, 4 });
    const Tensor y = flatten.Forward(x, Mode::kTraining);
    CHECK(y.Shape() == SampleShape{ 4, 1, 1 });
    RequireValues(y, { 1, 2, 3, 4 });
    CHECK(flatten.Backward(y).Shape() == SampleShape{ 2, 1, 2 });
}

TEST_CASE("layers reject inputs of the wrong shape")
{
    CHECK_THROWS_WITH(Conv2d(3, 4, { 3, 1, 1 }).OutputShape({ 1, 8, 8 }),
                      Catch::Contains("expects 3 channels"));
    CHECK_THROWS_WITH(Linear(10, 2).OutputShape({ 10, 2, 1 }), Catch::Contains("flatten first"));
    CHECK_THROWS(MaxPool({ 3, 3 }).OutputShape({ 1, 2, 2 }));
    CHECK_THROWS(BatchNorm(4).OutputShape({ 3, 1, 1 }));
}

TEST_CASE("power_normalize gives every sample a mean power of exactly 1 and keeps its direction")
{
    // The encoder's last layer: its output power is what makes a scenario's SNR the SNR the
    // symbols see. Three samples of very different scale (one near the smallest energy the
    // layer accepts), 8 values each.
    PowerNormalize layer;
    Tensor x(3, { 2, 2, 2 });
    const std::vector<float> scales = { 1.0F, 250.0F, 3e-5F };
    for (int n = 0; n < 3; ++n)
    {
        for (int i = 0; i < 8; ++i)
        {
            x.Sample(n)[i] = scales[n] * float(i % 3 == 0 ? -(i + 1) : i + 1);
        }
    }
    const Tensor y = layer.Forward(x, Mode::kInference);
    for (int n = 0; n < 3; ++n)
    {
        INFO("sample " << n);
        double power = 0;
        double energyIn = 0;
        for (int i = 0; i < 8; ++i)
        {
            power += double(y.Sample(n)[i]) * y.Sample(n)[i] / 8;
            energyIn += double(x.Sample(n)[i]) * x.Sample(n)[i];
        }
        CHECK_THAT(power, WithinAbs(1.0, 1e-6));
        // y = x * sqrt(8 / |x|^2): every element scaled by the same positive factor.
        const double factor = std::sqrt(8.0 / energyIn);
        for (int i = 0; i < 8; ++i)
        {
            CHECK_THAT(y.Sample(n)[i], WithinAbs(x.Sample(n)[i] * factor, 1e-5));
        }
    }
    CHECK(layer.Flops({ 2, 2, 2 }) == 3 * 8 + 2);
}

TEST_CASE("every registered layer type has a row in the manual's layer table")
{
    std::ifstream in(std::string(EESIM_SOURCE_DIR) + "/docs/reference/training.md");
    const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::vector<std::string> types = KnownLayerTypes();
    REQUIRE(types.size() >= 10);
    for (const std::string& type : types)
    {
        INFO(type << " (docs/reference/training.md, section Layers)");
        CHECK(page.find("\n| `" + type + "` |") != std::string::npos);
    }
}
