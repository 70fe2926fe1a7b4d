// Every layer's backward pass, and the whole multi-exit backward pass, against central finite
// differences of a scalar objective.
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
#include "nn/loss.h"
#include "nn/multi-exit-model.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

namespace
{

constexpr double kStep = 1e-2;
// |analytic - numeric| <= kRelative * max(|analytic|, |numeric|) + kAbsolute. The layers compute
// in float32; over every check below the worst relative error of a gradient above 0.01 is 1.3e-3
// and the worst absolute error of a smaller one 7e-5, so this holds with a margin of about 3,
// while a gradient off by a constant factor (a missing 1 / T, say) fails.
constexpr double kRelative = 5e-3;
constexpr double kAbsolute = 3e-4;

/** Values at least 0.1 from zero and from each other, so ReLU kinks and max-pool ties lie
 *  farther away than the finite-difference step. */
Tensor
SpreadInput(int batch, SampleShape shape, std::uint64_t seed)
{
    Tensor x(batch, shape);
    Random random(seed);
    const std::vector<int> order = random.Permutation(int(x.Size()));
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        const float magnitude = 0.1F + 0.1F * float(order[i]);
        x[i] = (order[i] % 2 == 0 ? 1.0F : -1.0F) * magnitude / float(x.Size()) * 4.0F;
    }
    return x;
}

/** Evenly spaced values from low to high (each the centre of one of Size() equal steps), in a
 *  shuffled order: a test picks the range so that no kink of the layer lies within a
 *  finite-difference step of any value. */
Tensor
Ramp(int batch, SampleShape shape, float low, float high, std::uint64_t seed)
{
    Tensor x(batch, shape);
    Random random(seed);
    const std::vector<int> order = random.Permutation(int(x.Size()));
    const float step = (high - low) / float(x.Size());
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        x[i] = low + step * (float(order[i]) + 0.5F);
    }
    return x;
}

Tensor
RandomTensor(int batch, SampleShape shape, std::uint64_t seed)
{
    Tensor t(batch, shape);
    Random random(seed);
    for (std::size_t i = 0; i < t.Size(); ++i)
    {
        t[i] = float(random.Normal());
    }
    return t;
}

/** sum(layer(x) * r): its gradient with respect to the layer's output is r. */
double
Objective(Layer& layer, const Tensor& x, const Tensor& r)
{
    const Tensor y = layer.Forward(x, Mode::kTraining);
    double sum = 0.0;
    for (std::size_t i = 0; i < y.Size(); ++i)
    {
        sum += double(y[i]) * r[i];
    }
    return sum;
}

void
CheckClose(double analytic, double numeric, const std::string& what)
{
    INFO(what << ": analytic " << analytic << ", numeric " << numeric);
    CHECK(std::abs(analytic - numeric)
          <= kRelative * std::max(std::abs(analytic), std::abs(numeric)) + kAbsolute);
}

void
CheckLayerGradients(Layer& layer, Tensor x)
{
    Random init(11);
    layer.Initialize(init);
    for (Parameter* p : layer.Parameters())
    {
        if (p->trainable)
        {
            // Move away from the default initialisation (e.g. gamma = 1, beta = 0).
            for (float& v : p->value)
            {
                v += 0.3F * float(init.Normal());
            }
            std::fill(p->grad.begin(), p->grad.end(), 0.0F);
        }
    }
    const Tensor r = RandomTensor(x.Batch(), layer.OutputShape(x.Shape()), 5);
    layer.Forward(x, Mode::kTraining);
    const Tensor dx = layer.Backward(r);
    REQUIRE(dx.Shape() == x.Shape());

    for (std::size_t i = 0; i < x.Size(); i += std::max<std::size_t>(1, x.Size() / 40))
    {
        const float saved = x[i];
        x[i] = saved + float(kStep);
        const double plus = Objective(layer, x, r);
        x[i] = saved - float(kStep);
        const double minus = Objective(layer, x, r);
        x[i] = saved;
        CheckClose(dx[i], (plus - minus) / (2 * kStep), "input " + std::to_string(i));
    }
    for (Parameter* p : layer.Parameters())
    {
        if (!p->trainable)
        {
            continue;
        }
        for (std::size_t j = 0; j < p->value.size();
             j += std::max<std::size_t>(1, p->value.size() / 20))
        {
            const float saved = p->value[j];
            p->value[j] = saved + float(kStep);
            const double plus = Objective(layer, x, r);
            p->value[j] = saved - float(kStep);
            const double minus = Objective(layer, x, r);
            p->value[j] = saved;
            CheckClose(p->grad[j], (plus - minus) / (2 * kStep),
                       p->name + "[" + std::to_string(j) + "]");
        }
    }
}

/** Two segments with smooth layers only (ReLU and max-pool kinks would spoil finite
 *  differences across the whole network; their backward passes are checked on their own). */
Architecture
TwoSegmentArchitecture()
{
    Architecture arch;
    arch.name = "tiny";
    arch.input = { 1, 6, 6 };
    arch.classes = 3;
    arch.segments
        = { { { LayerSpec::Parse("conv2d out_channels=2 kernel=3 padding=1"),
                LayerSpec::Parse("batch_norm") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=3") } },
            { { LayerSpec::Parse("conv2d out_channels=3 kernel=3 stride=2") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=4"),
                LayerSpec::Parse("batch_norm"), LayerSpec::Parse("linear out_features=3") } } };
    return arch;
}

/** The composition: each segment's gradient is its exit head's plus the later segments'
 *  (through the bottleneck, if there is one). */
void
CheckJointLossGradients(const Architecture& arch)
{
    MultiExitModel model = MultiExitModel::Build(arch);
    model.Initialize(3);
    const Tensor x = SpreadInput(4, { 1, 6, 6 }, 8);
    const std::vector<int> labels = { 0, 2, 1, 2 };

    // The trainer treats the final exit as a constant teacher for distillation, so the check
    // holds the teacher's logits fixed at their unperturbed values.
    const Tensor teacher = model.ForwardAll(x, Mode::kTraining)[1];
    auto loss = [&](std::vector<Tensor>* grads)
    {
        const auto logits = model.ForwardAll(x, Mode::kTraining);
        std::vector<Tensor> g = { Tensor(4, { 3, 1, 1 }), Tensor(4, { 3, 1, 1 }) };
        const double total = CrossEntropy(logits[0], labels, 4, 1.0F, g[0])
                             + 0.5 * CrossEntropy(logits[1], labels, 4, 0.5F, g[1])
                             + 0.7 * Distillation(logits[0], teacher, 2.0F, 4, 0.7F, g[0]);
        if (grads != nullptr)
        {
            *grads = g;
        }
        return total;
    };
    std::vector<Tensor> grads;
    model.ZeroGradients();
    loss(&grads);
    model.BackwardAll(grads);

    int checked = 0;
    for (Parameter* p : model.Parameters())
    {
        if (!p->trainable)
        {
            continue;
        }
        for (std::size_t j = 0; j < p->value.size();
             j += std::max<std::size_t>(1, p->value.size() / 6))
        {
            constexpr double kSmallStep = 1e-3;
            const float saved = p->value[j];
            p->value[j] = saved + float(kSmallStep);
            const double plus = loss(nullptr);
            p->value[j] = saved - float(kSmallStep);
            const double minus = loss(nullptr);
            p->value[j] = saved;
            CheckClose(p->grad[j], (plus - minus) / (2 * kSmallStep),
                       p->name + "[" + std::to_string(j) + "]");
            ++checked;
        }
    }
    CHECK(checked > 30);
}

} // namespace

TEST_CASE("conv2d backward matches finite differences")
{
    Conv2d conv(2, 3, { 3, 1, 1 });
    CheckLayerGradients(conv, SpreadInput(2, { 2, 5, 5 }, 1));
}

TEST_CASE("conv2d backward with stride 2 and no padding matches finite differences")
{
    Conv2d conv(2, 2, { 2, 2, 0 });
    CheckLayerGradients(conv, SpreadInput(2, { 2, 5, 5 }, 2));
}

TEST_CASE("grouped and dilated conv2d backward matches finite differences")
{
    Conv2d grouped(4, 6, { 3, 1, 2, 2, 2 }); // kernel 3, padding 2, dilation 2, 2 groups
    CheckLayerGradients(grouped, SpreadInput(2, { 4, 5, 5 }, 11));
    Conv2d depthwise(3, 3, { 3, 2, 1, 1, 3 });
    CheckLayerGradients(depthwise, SpreadInput(2, { 3, 6, 6 }, 12));
}

TEST_CASE("relu backward matches finite differences")
{
    Relu relu;
    CheckLayerGradients(relu, SpreadInput(2, { 3, 2, 2 }, 3));
}

TEST_CASE("max_pool backward matches finite differences")
{
    MaxPool pool({ 2, 2 });
    CheckLayerGradients(pool, SpreadInput(2, { 2, 5, 5 }, 4));
}

TEST_CASE("max_pool backward with padding and ceil_mode matches finite differences")
{
    MaxPool pool({ 3, 2, 1, true }); // windows in the padding and past it on both sides
    // 144 values 0.1 apart: SpreadInput's would lie closer than the finite-difference step.
    CheckLayerGradients(pool, Ramp(2, { 2, 6, 6 }, -7.2F, 7.2F, 13));
}

TEST_CASE("avg_pool backward, padding excluded or included, matches finite differences")
{
    AvgPool exclude({ 3, 2, 1, true }, false);
    CheckLayerGradients(exclude, SpreadInput(2, { 2, 6, 6 }, 14));
    AvgPool include({ 3, 2, 1, true }, true);
    CheckLayerGradients(include, SpreadInput(2, { 2, 6, 6 }, 15));
    AvgPool plain({ 2, 1 }, false);
    CheckLayerGradients(plain, SpreadInput(2, { 1, 4, 5 }, 16));
}

TEST_CASE("global_avg_pool backward matches finite differences")
{
    GlobalAvgPool pool;
    CheckLayerGradients(pool, SpreadInput(2, { 3, 2, 3 }, 17));
}

TEST_CASE("sigmoid backward matches finite differences")
{
    Sigmoid sigmoid;
    CheckLayerGradients(sigmoid, Ramp(2, { 3, 2, 2 }, -8, 8, 18));
}

// The 24 values of the ramps below, -5.75 to 5.75 in steps of 0.5, lie at least 0.25 from every
// kink (±2.5 for hard_sigmoid, ±3 for hard_swish, -1 and 2 for the clip) and fall on both sides.
TEST_CASE("hard_sigmoid backward matches finite differences on both sides of its kinks")
{
    HardSigmoid hard(HardSigmoid::kDefaultAlpha, HardSigmoid::kDefaultBeta);
    CheckLayerGradients(hard, Ramp(2, { 3, 2, 2 }, -6, 6, 19));
}

TEST_CASE("hard_swish backward matches finite differences on both sides of its kinks")
{
    HardSwish swish;
    CheckLayerGradients(swish, Ramp(2, { 3, 2, 2 }, -6, 6, 20));
}

TEST_CASE("clip backward matches finite differences inside and outside its bounds")
{
    Clip clip(-1, 2);
    CheckLayerGradients(clip, Ramp(2, { 3, 2, 2 }, -6, 6, 21));
}

TEST_CASE("pad backward matches finite differences")
{
    Pad pad({ 1, 0, 2, 3 });
    CheckLayerGradients(pad, SpreadInput(2, { 2, 2, 3 }, 22));
}

TEST_CASE("batch_norm backward matches finite differences")
{
    BatchNorm norm(2);
    CheckLayerGradients(norm, SpreadInput(3, { 2, 2, 2 }, 5));
}

TEST_CASE("linear backward matches finite differences")
{
    Linear linear(6, 4);
    CheckLayerGradients(linear, SpreadInput(3, { 6, 1, 1 }, 6));
}

TEST_CASE("flatten backward matches finite differences")
{
    Flatten flatten;
    CheckLayerGradients(flatten, SpreadInput(2, { 2, 2, 3 }, 7));
}

TEST_CASE("power_normalize backward matches finite differences")
{
    PowerNormalize normalize;
    CheckLayerGradients(normalize, SpreadInput(3, { 2, 2, 3 }, 9));
}

TEST_CASE("the multi-exit backward pass matches finite differences of the joint loss")
{
    CheckJointLossGradients(TwoSegmentArchitecture());
}

TEST_CASE("the backward pass through a bottleneck (encoder, link, decoder) matches finite "
          "differences")
{
    Architecture arch = TwoSegmentArchitecture();
    arch.segments[0].encoder = { LayerSpec::Parse("conv2d out_channels=1 kernel=3 padding=1"),
                                 LayerSpec::Parse("power_normalize") };
    arch.segments[0].decoder = { LayerSpec::Parse("conv2d out_channels=2 kernel=1") };
    CheckJointLossGradients(arch);
}
