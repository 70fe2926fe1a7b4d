// Architecture text, shape inference and FLOP accounting of the multi-exit model.
#include "base/error.h"
#include "nn/multi-exit-model.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

Architecture
TwoSegments()
{
    Architecture arch;
    arch.name = "two";
    arch.input = { 1, 8, 8 };
    arch.classes = 4;
    arch.metadata = { { "note", "hello world" } };
    arch.segments
        = { { { LayerSpec::Parse("conv2d out_channels=2 kernel=3 padding=1"),
                LayerSpec::Parse("relu"), LayerSpec::Parse("max_pool kernel=2") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=4") } },
            { { LayerSpec::Parse("conv2d out_channels=3 kernel=3") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=4") } } };
    return arch;
}

} // namespace

TEST_CASE("layer specs print and parse back exactly")
{
    const LayerSpec spec
        = LayerSpec::Parse("batch_norm channels=16 epsilon=1.0000000000000001e-05");
    CHECK(spec.type == "batch_norm");
    CHECK(spec.GetInt("channels", 1) == 16);
    CHECK(LayerSpec::Parse(spec.ToString()).Get("epsilon") == spec.Get("epsilon"));
    CHECK_THROWS_WITH(LayerSpec::Parse("conv2d kernel"), Catch::Contains("malformed"));
    CHECK_THROWS_WITH(LayerSpec::Parse("conv2d kernel=x"), Catch::Contains("malformed"));
}

TEST_CASE("the model infers shapes, FLOPs and output sizes per segment")
{
    MultiExitModel model = MultiExitModel::Build(TwoSegments());
    REQUIRE(model.SegmentCount() == 2);
    CHECK(model.SegmentOutputShape(0) == SampleShape{ 2, 4, 4 });
    CHECK(model.SegmentOutputShape(1) == SampleShape{ 3, 2, 2 });
    CHECK(model.SegmentOutputElements(0) == 32);
    CHECK(model.SegmentOutputBytes(1) == 48);
    // conv 1->2 k3 on 8x8: 128 outputs x (2*9 + 1); relu 128; pool 32 outputs x 3 comparisons.
    CHECK(model.SegmentFlops(0) == 128 * 19 + 128 + 32 * 3);
    // conv 2->3 k3 on 4x4 -> 2x2: 12 outputs x (2*18 + 1).
    CHECK(model.SegmentFlops(1) == 12 * 37);
    CHECK(model.ExitFlops(0) == 4 * (2 * 32 + 1));
    CHECK(model.FullFlops() == model.SegmentFlops(0) + model.SegmentFlops(1) + model.ExitFlops(1));
    // conv 18+2, linear 128+4, conv 54+3, linear 48+4
    CHECK(model.ParameterCount() == 20 + 132 + 57 + 52);
}

TEST_CASE("the architecture text round-trips")
{
    MultiExitModel model = MultiExitModel::Build(TwoSegments());
    const std::string text = model.GetArchitecture().ToText();
    const Architecture parsed = Architecture::FromText(text);
    CHECK(parsed.ToText() == text);
    CHECK(parsed.metadata.at(0).second == "hello world");
    CHECK_THROWS_WITH(Architecture::FromText("name x\nbody relu\n"),
                      Catch::Contains("line 2") && Catch::Contains("before the first"));
    CHECK_THROWS_WITH(Architecture::FromText("frobnicate 3\n"), Catch::Contains("unknown keyword"));
}

TEST_CASE("architectures that do not fit together are refused with the place named")
{
    Architecture arch = TwoSegments();
    arch.segments[1].exit.back() = LayerSpec::Parse("linear out_features=5");
    CHECK_THROWS_WITH(MultiExitModel::Build(arch), Catch::Contains("segment 1 exit produces"));
    arch = TwoSegments();
    arch.segments[0].body[0] = LayerSpec::Parse("conv2d in_channels=3 out_channels=2 kernel=3");
    CHECK_THROWS_WITH(MultiExitModel::Build(arch), Catch::Contains("segment 0 body layer 0")
                                                       && Catch::Contains("in_channels=3"));
    arch = TwoSegments();
    arch.segments[0].body.push_back(LayerSpec::Parse("dropout p=0.5"));
    CHECK_THROWS_WITH(MultiExitModel::Build(arch), Catch::Contains("unknown layer type 'dropout'"));
}

TEST_CASE("shapes too large for a sample are refused before their size can wrap around")
{
    // 1x65538x65538 after the padding: 4.3e9 elements, which wrap to 262148 as an int.
    Architecture arch = TwoSegments();
    arch.input = { 1, 28, 28 };
    arch.segments.resize(1);
    arch.segments[0].body = { LayerSpec::Parse("conv2d out_channels=1 kernel=1 padding=32755") };
    arch.segments[0].exit
        = { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=4") };
    CHECK_THROWS_WITH(MultiExitModel::Build(arch),
                      Catch::Contains("segment 0 body layer 0: a tensor of 1x65538x65538 per "
                                      "sample is outside what eesim runs"));
    arch.input = { 129, 4096, 4096 };
    arch.segments[0].body.clear();
    CHECK_THROWS_WITH(MultiExitModel::Build(arch), Catch::Contains("a tensor of 129x4096x4096"));
}
