// Training configs: the shipped one loads; mistakes are reported with their place.
#include "base/error.h"
#include "cli/train-config.h"
#include "nn/multi-exit-model.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim;

TEST_CASE("the shipped training config builds the four-exit model")
{
    const TrainConfig config
        = LoadTrainConfig(std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4.train.json");
    CHECK(config.architecture.name == "fmnist-me4");
    CHECK(config.output == std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4.eem");
    CHECK(config.options.exitWeights.size() == 4);
    MultiExitModel model = MultiExitModel::Build(config.architecture);
    CHECK(model.SegmentCount() == 4);
    // The issue's budget: the first segment costs at most 15% of full execution.
    CHECK(double(model.SegmentFlops(0)) <= 0.15 * double(model.FullFlops()));
}

TEST_CASE("a config with mistakes lists all of them")
{
    test::TempDir dir;
    std::ofstream(dir.File("bad.json")) << R"({
      "name": "x", "seed": 1, "epochs": 3,
      "architecture": {"input": [1, 28], "segments": [{"body": [{"type": "conv", "kernel": 3},
                                                          {"type": "max_pool", "kernle": 2}]}]},
      "training": {"batch_size": 0, "exit_weights": [1, 1]}
    })";
    try
    {
        LoadTrainConfig(dir.File("bad.json"));
        FAIL("expected an error");
    }
    catch (const Error& e)
    {
        const std::string message = e.what();
        const std::string file = dir.File("bad.json");
        CHECK_THAT(message, Catch::Contains(file + ": /epochs: unknown key"));
        CHECK_THAT(message, Catch::Contains(file + ": /architecture/input: expected [channels"));
        CHECK_THAT(message, Catch::Contains(file
                                            + ": /architecture/segments/0/body/0/type: "
                                              "unknown layer type \"conv\" (did you mean "
                                              "\"conv2d\"?)"));
        CHECK_THAT(message, Catch::Contains(file
                                            + ": /architecture/segments/0/body/1/kernle: not "
                                              "an attribute of max_pool (did you mean "
                                              "\"kernel\"?)"));
        CHECK_THAT(message, Catch::Contains(file + ": /training/batch_size: out of range"));
        CHECK_THAT(message, Catch::Contains(file
                                            + ": /training/exit_weights: expected one weight "
                                              "per exit (1), got 2"));
    }
}

TEST_CASE("a training config may wire a residual block with inputs")
{
    test::TempDir dir;
    std::ofstream(dir.File("res.json")) << R"({
      "architecture": {"input": [2, 4, 4], "classes": 3, "segments": [
        {"body": [{"type": "conv2d", "out_channels": 2, "kernel": 3, "padding": 1},
                  {"type": "relu"}, {"type": "add", "inputs": [-1, 1]}],
         "exit": [{"type": "flatten"}, {"type": "linear", "out_features": 3}]}]}
    })";
    const TrainConfig config = LoadTrainConfig(dir.File("res.json"));
    REQUIRE(config.architecture.segments.at(0).body.size() == 3);
    CHECK(config.architecture.segments[0].body[2].inputs == std::vector<int>{ -1, 1 });
    MultiExitModel model = MultiExitModel::Build(config.architecture);
    CHECK(model.GetArchitecture().segments[0].body[2].ToString() == "add inputs=-1,1");

    std::ofstream(dir.File("bad.json")) << R"({
      "architecture": {"input": [2, 4, 4], "classes": 3, "segments": [
        {"body": [{"type": "add", "inputs": [-2, "x"]}], "exit": [{"type": "flatten"}]}]}
    })";
    CHECK_THROWS_WITH(LoadTrainConfig(dir.File("bad.json")),
                      Catch::Contains("/architecture/segments/0/body/0/inputs"));
}
