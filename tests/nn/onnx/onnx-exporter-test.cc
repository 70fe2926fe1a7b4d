// eesim models written as ONNX (which ONNX's checker accepts, or ExportOnnx throws) and read
// back by the importer: the same logits at every exit, for the shipped models and for a graph
// with every layer type: residual, concatenating and gating layers, grouped and dilated
// convolutions, an unfolded batch norm, a power normalisation, padding, pools and activations.
#include "nn/model-file.h"
#include "nn/onnx/onnx-exporter.h"
#include "nn/onnx/onnx-importer.h"
#include "tests/nn/layer-specs.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

namespace
{

Tensor
Inputs(int batch, SampleShape shape)
{
    Tensor x(batch, shape);
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        x[i] = 0.5F + 0.5F * std::sin(0.37F * float(i));
    }
    return x;
}

/** Exports, imports and compares every exit's logits on a few inputs; returns the import. */
MultiExitModel
RoundTrip(MultiExitModel& model, const test::TempDir& dir, double tolerance)
{
    ExportOnnx(model, dir.File("model.onnx"));
    MultiExitModel back = ImportOnnx(dir.File("model.onnx"), {});
    REQUIRE(back.SegmentCount() == model.SegmentCount());
    const Tensor x = Inputs(3, model.InputShape());
    const std::vector<Tensor> expected = model.ForwardAll(x, Mode::kInference);
    const std::vector<Tensor> actual = back.ForwardAll(x, Mode::kInference);
    for (std::size_t k = 0; k < expected.size(); ++k)
    {
        REQUIRE(actual[k].Size() == expected[k].Size());
        for (std::size_t i = 0; i < expected[k].Size(); ++i)
        {
            INFO("exit " << k << " value " << i);
            CHECK(actual[k][i] == Approx(expected[k][i]).margin(tolerance));
        }
    }
    return back;
}

} // namespace

TEST_CASE("the shipped models export to ONNX and import back to the same logits and segments")
{
    test::TempDir dir;
    for (const char* name : { "fmnist-me4", "fmnist-me4-jscc", "fmnist-resnet-me4" })
    {
        INFO(name);
        MultiExitModel model
            = ModelFile::Load(std::string(EESIM_SOURCE_DIR) + "/models/" + name + ".eem");
        MultiExitModel back = RoundTrip(model, dir, 0.0);
        for (std::size_t k = 0; k < model.SegmentCount(); ++k)
        {
            CHECK(back.ExitFlops(k) == model.ExitFlops(k));
        }
        CHECK(back.FullFlops() == model.FullFlops());
    }
}

TEST_CASE("a graph of every layer type exports and imports")
{
    Architecture arch;
    arch.name = "graph";
    arch.input = { 2, 8, 8 };
    arch.classes = 4;
    const auto parse = test::Specs;
    arch.segments = {
        { parse({ "conv2d out_channels=4 kernel=3 padding=2 dilation=2", "batch_norm", "relu",
                  "conv2d out_channels=4 kernel=3 padding=1 groups=2", "add inputs=2,3",
                  "concat inputs=4,-1", "max_pool kernel=2" }),
          parse({ "flatten", "linear out_features=4" }) },
        { parse({ "conv2d out_channels=6 kernel=1", "power_normalize", "mul inputs=0,1" }),
          parse({ "flatten", "linear out_features=8", "relu", "linear out_features=4" }) },
        { parse({ "pad top=1 left=0 bottom=2 right=1", "conv2d out_channels=6 kernel=3",
                  "hard_swish", "avg_pool kernel=3 stride=1 padding=1 count_include_pad=1",
                  "max_pool kernel=3 stride=2 padding=1 ceil_mode=1", "clip min=0 max=6",
                  "global_avg_pool", "sigmoid", "mul inputs=-1,7" }),
          parse({ "hard_sigmoid alpha=0.1666 beta=0.5", "flatten", "linear out_features=4" }) },
    };
    MultiExitModel model = MultiExitModel::Build(arch);
    model.Initialize(3);
    test::TempDir dir;
    MultiExitModel back = RoundTrip(model, dir, 1e-5);
    CHECK(back.SegmentOutputShape(0) == model.SegmentOutputShape(0));
}
