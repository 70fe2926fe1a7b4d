// `eesim model import` and `export` through the executable: a network imports and exports back,
// and each kind of bad input is one line with exit code 2. (The importer's refusals of graphs it
// cannot translate are checked in tests/nn/onnx/onnx-importer-test.cc.)
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim::test;

namespace
{

const std::string kResidual
    = std::string(EESIM_SOURCE_DIR) + "/tests/fuzz/seeds/onnx-import/residual.onnx";

} // namespace

TEST_CASE("model import writes a model that model info reads, and export writes it back as ONNX")
{
    TempDir dir;
    const Result imported = Run("model import " + kResidual + " --out " + dir.File("r.eem"));
    INFO(imported.output);
    REQUIRE(imported.exitCode == 0);
    CHECK_THAT(imported.output, Catch::Contains("2 exits, input 1x8x8, 3 classes"));
    const Result info = Run("model info " + dir.File("r.eem"));
    CHECK(info.exitCode == 0);
    CHECK_THAT(info.output, Catch::Contains("(format 2,"));
    CHECK_THAT(info.output, Catch::Contains("add inputs="));
    const Result exported
        = Run("model export " + dir.File("r.eem") + " --onnx " + dir.File("r.onnx"));
    CHECK(exported.exitCode == 0);
    CHECK(Run("model import " + dir.File("r.onnx") + " --out " + dir.File("back.eem")).exitCode
          == 0);
}

TEST_CASE("model import refuses what is not ONNX, a cut file, a bad config and its own input")
{
    TempDir dir;
    const std::string whole = ReadFile(kResidual);
    std::ofstream(dir.File("cut.onnx"), std::ios::binary) << whole.substr(0, whole.size() / 2);
    std::ofstream(dir.File("bad.json")) << R"({"exits": ["e1"], "colour": 1})";
    const std::string out = " --out " + dir.File("x.eem");
    const std::vector<std::pair<std::string, std::string>> cases = {
        { "model import " + dir.File("cut.onnx") + out,
          dir.File("cut.onnx") + ": not an ONNX model" },
        { "model import " + std::string(EESIM_SOURCE_DIR) + "/README.md" + out,
          "README.md: not an ONNX model" },
        { "model import " + dir.File("none.onnx") + out, dir.File("none.onnx") + ": cannot open" },
        { "model import " + kResidual + " --config " + dir.File("bad.json") + out,
          dir.File("bad.json") + ": /colour: unknown key" },
        { "model import " + kResidual + " --out " + kResidual,
          "model import: " + kResidual + " is the input ONNX file; choose another output" },
        { "model export " + dir.File("none.eem") + " --onnx " + dir.File("y.onnx"),
          dir.File("none.eem") + ": cannot open model file" },
    };
    for (const auto& [arguments, message] : cases)
    {
        const Result result = Run(arguments);
        CheckOneLineError(result, message);
        CHECK(result.exitCode == 2);
    }
    CHECK_FALSE(Exists(dir.File("x.eem")));
}
