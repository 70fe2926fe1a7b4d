// The layer types an ONNX importer maps onto, together in one graph: it builds, trains a step,
// round-trips through the model file (version 2) with identical logits, and its memory estimate
// needs nothing of them (they store no values).
#include "nn/layer-factory.h"
#include "nn/model-file.h"
#include "nn/training-memory.h"
#include "tests/nn/layer-specs.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;
using eesim::test::Specs;

namespace
{

/** A small MobileNetV3-like network: padding, hard-swish, a squeeze-and-excitation gate
 *  (global average, 1x1 convolution, sigmoid or hard sigmoid, mul), pooling, ReLU6. */
Architecture
GatedArchitecture()
{
    Architecture arch;
    arch.name = "gated";
    arch.input = { 3, 8, 8 };
    arch.classes = 4;
    arch.segments = {
        { Specs({ "pad top=1 left=1 bottom=1 right=1", "conv2d out_channels=4 kernel=3",
                  "hard_swish", "avg_pool kernel=3 stride=2 padding=1 ceil_mode=1",
                  "global_avg_pool", "conv2d out_channels=4 kernel=1", "sigmoid", "mul inputs=3,6",
                  "max_pool kernel=3 stride=2 padding=1 ceil_mode=1", "clip min=0 max=6" }),
          Specs({ "global_avg_pool", "flatten", "linear out_features=4" }) },
        { Specs({ "conv2d out_channels=4 kernel=1", "global_avg_pool",
                  "hard_sigmoid alpha=0.16666666666666666", "mul inputs=0,2",
                  "avg_pool kernel=2 count_include_pad=1 padding=1" }),
          Specs({ "global_avg_pool", "flatten", "linear out_features=4" }) }
    };
    return arch;
}

Tensor
Input(int batch)
{
    Tensor x(batch, { 3, 8, 8 });
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        x[i] = 2.0F * std::sin(0.37F * float(i));
    }
    return x;
}

} // namespace

TEST_CASE("a graph of the importer's layer types trains a step and round-trips the model file")
{
    MultiExitModel model = MultiExitModel::Build(GatedArchitecture());
    model.Initialize(5);
    const Tensor x = Input(2);
    const std::vector<Tensor> logits = model.ForwardAll(x, Mode::kTraining);
    REQUIRE(logits.size() == 2);
    CHECK(logits[1].Shape() == SampleShape{ 4, 1, 1 });
    model.ZeroGradients();
    model.BackwardAll({ Tensor(2, { 4, 1, 1 }, 1.0F), Tensor(2, { 4, 1, 1 }, -1.0F) });
    double gradient = 0;
    for (const Parameter* p : model.Parameters())
    {
        for (const float g : p->grad)
        {
            gradient += std::abs(g);
        }
    }
    CHECK(gradient > 0);
    CHECK(model.FullFlops() > 0);

    test::TempDir dir;
    CHECK(ModelFile::VersionFor(model.GetArchitecture()) == 2);
    ModelFile::Save(model, dir.File("gated.eem"));
    CHECK(ModelFile::FormatVersion(dir.File("gated.eem")) == 2);
    MultiExitModel loaded = ModelFile::Load(dir.File("gated.eem"));
    CHECK(loaded.GetArchitecture().ToText() == model.GetArchitecture().ToText());
    const std::vector<Tensor> before = model.ForwardAll(x, Mode::kInference);
    const std::vector<Tensor> after = loaded.ForwardAll(x, Mode::kInference);
    for (std::size_t k = 0; k < before.size(); ++k)
    {
        REQUIRE(after[k].Size() == before[k].Size());
        for (std::size_t i = 0; i < before[k].Size(); ++i)
        {
            INFO("exit " << k << ", logit " << i);
            CHECK(after[k][i] == before[k][i]);
        }
    }
}

TEST_CASE("a max_pool keeps the first file format unless it pads or rounds up")
{
    Architecture arch;
    arch.name = "pooled";
    arch.input = { 1, 4, 4 };
    arch.classes = 2;
    arch.segments
        = { { Specs({ "max_pool kernel=2" }), Specs({ "flatten", "linear out_features=2" }) } };
    CHECK(ModelFile::VersionFor(MultiExitModel::Build(arch).GetArchitecture()) == 1);
    arch.segments[0].body = Specs({ "max_pool kernel=3 padding=1" });
    CHECK(ModelFile::VersionFor(MultiExitModel::Build(arch).GetArchitecture()) == 2);
    arch.segments[0].body = Specs({ "max_pool kernel=2 ceil_mode=1" });
    CHECK(ModelFile::VersionFor(MultiExitModel::Build(arch).GetArchitecture()) == 2);
}

TEST_CASE("the importer's layer types store no values and need nothing of the memory estimate")
{
    for (const char* line :
         { "max_pool kernel=3 padding=1 ceil_mode=1", "avg_pool kernel=2 count_include_pad=1",
           "global_avg_pool", "sigmoid", "hard_sigmoid alpha=0.5", "hard_swish", "clip min=0 max=6",
           "pad top=2" })
    {
        INFO(line);
        CHECK(StoredValueCount(LayerSpec::Parse(line), 1000) == 0);
        CHECK(MakeLayer(LayerSpec::Parse(line))->Parameters().empty());
    }
    const TrainingMemory memory
        = EstimateTrainingMemory(GatedArchitecture(), TrainingSetup{ 8, 1, 1 }, 1e12);
    CHECK(memory.refusal.empty());
    CHECK(memory.totalBytes > 0);
}
