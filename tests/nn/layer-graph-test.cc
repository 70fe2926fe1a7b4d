// Layer graphs: residual adds, concatenations and gates by hand; gradients through fan-out
// against finite differences; batch-norm folding inside a graph; the text form and the model
// file versions; and the refusal of graphs that do not fit together.
#include "base/error.h"
#include "nn/layer-graph.h"
#include "nn/model-file.h"
#include "tests/nn/layer-specs.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;
using eesim::test::Specs;

namespace
{

Tensor
Values(SampleShape shape, const std::vector<float>& values)
{
    Tensor t(1, shape);
    std::copy(values.begin(), values.end(), t.Data());
    return t;
}

/** Parameters drawn away from zero, so no ReLU sits on its kink at the test's inputs. */
void
SetParameters(LayerGraph& graph, std::uint64_t seed)
{
    Random random(seed);
    for (Parameter* p : graph.Parameters())
    {
        for (float& v : p->value)
        {
            v = p->trainable ? float(random.Normal()) * 0.5F : 0.5F + float(random.Uniform());
        }
    }
}

/** sum(graph(x) * r) in double: its gradient with respect to the graph's output is r. */
double
Objective(LayerGraph& graph, const Tensor& x, const Tensor& r)
{
    const Tensor y = graph.Forward(x, Mode::kTraining);
    double sum = 0;
    for (std::size_t i = 0; i < y.Size(); ++i)
    {
        sum += double(y[i]) * double(r[i]);
    }
    return sum;
}

} // namespace

TEST_CASE("a residual block adds the block's input to its output")
{
    // y = x + relu(W x + b) with W = [[1, -1], [2, 0]], b = [0, -3].
    LayerGraph graph = LayerGraph::Build(
        Specs({ "linear out_features=2", "relu", "add inputs=-1,1" }), { 2, 1, 1 }, "test");
    Parameter* weight = graph.Parameters()[0];
    Parameter* bias = graph.Parameters()[1];
    weight->value = { 1, -1, 2, 0 };
    bias->value = { 0, -3 };
    const Tensor y = graph.Forward(Values({ 2, 1, 1 }, { 3, 1 }), Mode::kInference);
    // W x + b = [2, 3]; relu = [2, 3]; + x = [5, 4].
    CHECK(y[0] == 5.0F);
    CHECK(y[1] == 4.0F);
    CHECK(graph.Flops() == 2 * (2 * 2 + 1) + 2 + 2);
}

TEST_CASE("concat stacks channels in input order and mul broadcasts a per-channel gate")
{
    LayerGraph graph
        = LayerGraph::Build(Specs({ "relu", "concat inputs=-1,0" }), { 1, 1, 2 }, "test");
    const Tensor stacked = graph.Forward(Values({ 1, 1, 2 }, { -1, 2 }), Mode::kInference);
    REQUIRE(stacked.Shape() == SampleShape{ 2, 1, 2 });
    CHECK(std::vector<float>(stacked.Data(), stacked.Data() + 4)
          == std::vector<float>{ -1, 2, 0, 2 });

    // A per-channel gate: (2, 1, 2) x (2, 1, 1), the gate being each channel's first column.
    LayerGraph gate = LayerGraph::Build(Specs({ "max_pool kernel=1 stride=2", "mul inputs=-1,0" }),
                                        { 2, 1, 2 }, "test");
    const Tensor gated = gate.Forward(Values({ 2, 1, 2 }, { 3, 5, -1, 4 }), Mode::kInference);
    // The pooled gate is the first column, (3, -1): [3*3, 5*3, -1*-1, 4*-1].
    CHECK(std::vector<float>(gated.Data(), gated.Data() + 4) == std::vector<float>{ 9, 15, 1, -4 });
}

TEST_CASE("gradients through a graph with fan-out match finite differences")
{
    // The list's input feeds a linear layer and two later layers; layer 2 feeds concat and mul.
    LayerGraph graph = LayerGraph::Build(
        Specs({ "linear out_features=4", "relu", "add inputs=-1,1", "concat inputs=2,0",
                "linear out_features=4", "mul inputs=4,2" }),
        { 4, 1, 1 }, "test");
    SetParameters(graph, 3);
    const Tensor x = Values({ 4, 1, 1 }, { 0.7F, -0.4F, 1.1F, 0.3F });
    const Tensor r = Values({ 4, 1, 1 }, { 0.5F, -1.0F, 0.25F, 2.0F });
    (void)graph.Forward(x, Mode::kTraining);
    const Tensor analytic = graph.Backward(r);
    REQUIRE(analytic.Shape() == x.Shape());
    constexpr float kStep = 1e-2F;
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        Tensor up = x;
        Tensor down = x;
        up[i] += kStep;
        down[i] -= kStep;
        const double numeric
            = (Objective(graph, up, r) - Objective(graph, down, r)) / (2.0 * kStep);
        INFO("input " << i);
        CHECK(analytic[i] == Approx(numeric).epsilon(2e-3).margin(1e-4));
    }
}

TEST_CASE("batch norm folds into the convolution before it inside a residual block")
{
    const std::vector<LayerSpec> specs
        = Specs({ "conv2d out_channels=2 kernel=3 padding=1", "batch_norm", "add inputs=-1,1" });
    LayerGraph graph = LayerGraph::Build(specs, { 2, 4, 4 }, "test");
    SetParameters(graph, 5);
    LayerGraph folded = graph;
    folded.FoldBatchNorm();
    REQUIRE(folded.Size() == 2);
    CHECK(folded.Specs()[1].ToString() == "add inputs=-1,0");
    Tensor x(1, { 2, 4, 4 });
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        x[i] = std::sin(float(i));
    }
    const Tensor before = graph.Forward(x, Mode::kInference);
    const Tensor after = folded.Forward(x, Mode::kInference);
    for (std::size_t i = 0; i < before.Size(); ++i)
    {
        CHECK(after[i] == Approx(before[i]).margin(1e-5));
    }

    // A convolution whose output is also read elsewhere keeps its batch norm.
    LayerGraph shared = LayerGraph::Build(
        Specs({ "conv2d out_channels=2 kernel=1", "batch_norm", "add inputs=0,1" }), { 2, 4, 4 },
        "test");
    shared.FoldBatchNorm();
    CHECK(shared.Size() == 3);
}

TEST_CASE("a graph's specs round-trip through the model file, in the lowest version that holds it")
{
    test::TempDir dir;
    Architecture arch;
    arch.name = "residual";
    arch.input = { 3, 1, 1 };
    arch.classes = 3;
    arch.segments = { { Specs({ "linear out_features=3", "relu", "add inputs=-1,1" }),
                        Specs({ "linear out_features=3" }) } };
    MultiExitModel model = MultiExitModel::Build(arch);
    model.Initialize(9);
    CHECK(ModelFile::VersionFor(model.GetArchitecture()) == 2);
    ModelFile::Save(model, dir.File("r.eem"));
    CHECK(ModelFile::FormatVersion(dir.File("r.eem")) == 2);
    MultiExitModel loaded = ModelFile::Load(dir.File("r.eem"));
    CHECK(loaded.GetArchitecture().ToText() == model.GetArchitecture().ToText());
    CHECK(loaded.GetArchitecture().ToText().find("body add inputs=-1,1\n") != std::string::npos);
    const Tensor x = Values({ 3, 1, 1 }, { 1, -2, 0.5F });
    CHECK(loaded.ForwardAll(x, Mode::kInference)[0][1]
          == model.ForwardAll(x, Mode::kInference)[0][1]);

    arch.segments[0].body = Specs({ "linear out_features=3", "relu" });
    MultiExitModel straight = MultiExitModel::Build(arch);
    ModelFile::Save(straight, dir.File("s.eem"));
    CHECK(ModelFile::FormatVersion(dir.File("s.eem")) == 1);
}

TEST_CASE("graphs that do not fit together are refused with the layer's position")
{
    const SampleShape flat{ 4, 1, 1 };
    CHECK_THROWS_WITH(LayerGraph::Build(Specs({ "relu", "add inputs=-1,2" }), flat, "body"),
                      "body layer 1: input 2 is not the list's input (-1) or an earlier layer "
                      "(0 to 0)");
    CHECK_THROWS_WITH(LayerGraph::Build(Specs({ "relu", "relu inputs=-1" }), flat, "body"),
                      "body layer 0: its output is read by no later layer (a list ends in one "
                      "output)");
    CHECK_THROWS_WITH(LayerGraph::Build(Specs({ "add" }), flat, "body"),
                      "body layer 0: add needs at least two inputs");
    CHECK_THROWS_WITH(LayerGraph::Build(Specs({ "relu", "relu inputs=-1,0" }), flat, "body"),
                      "body layer 1: a relu layer reads one input, not 2");
    CHECK_THROWS_WITH(
        LayerGraph::Build(Specs({ "linear out_features=3", "add inputs=-1,0" }), flat, "body"),
        "body layer 1: add: inputs of 4x1x1 and 3x1x1 differ in shape");
    CHECK_THROWS_WITH(
        LayerGraph::Build(Specs({ "linear out_features=3", "mul inputs=-1,0" }), flat, "body"),
        Catch::Contains("do not broadcast"));
    CHECK_THROWS_WITH(LayerSpec::Parse("add inputs=-1,x"),
                      Catch::Contains("malformed layer inputs"));
    CHECK_THROWS_WITH(LayerSpec::Parse("add inputs=-2"), Catch::Contains("malformed layer inputs"));
}
