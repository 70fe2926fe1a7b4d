// Every fuzz seed and regression input, replayed in the ordinary build through the very code the
// fuzz targets run (fuzz-harness.h), so that the inputs that once crashed stay fixed without
// clang, and every scenario that validate accepts -- shipped, seed or regression -- is shown to
// build into its ns-3 network. An input may be refused (eesim::Error) or accepted; an exception
// of any other type, a crash or an abort fails the entry.
#include "tests/fuzz/fuzz-harness.h"

#include <catch2/catch.hpp>

using namespace eesim::fuzz;

namespace
{

const std::string kSource = EESIM_SOURCE_DIR;

/** The seeds and regression inputs of one fuzz target, plus `extra` files. */
std::vector<std::string>
InputsOf(const std::string& target, std::vector<std::string> extra = {})
{
    for (const std::string& folder :
         { kSource + "/tests/fuzz/seeds/" + target, kSource + "/tests/fuzz/regressions/" + target })
    {
        const std::vector<std::string> files = FilesIn(folder);
        extra.insert(extra.end(), files.begin(), files.end());
    }
    return extra;
}

} // namespace

TEST_CASE("every shipped scenario and scenario-loader fuzz input loads or is refused, and builds")
{
    const ScratchFolder scratch("eesim-replay-scenario");
    const std::vector<std::string> shipped = ShippedScenarioFiles();
    REQUIRE(shipped.size() >= 6);
    for (const std::string& path : InputsOf("scenario-loader", shipped))
    {
        INFO(path);
        bool accepted = false;
        REQUIRE_NOTHROW(accepted = TryScenario(scratch, ReadBytes(path)));
        if (path.find("/scenarios/") != std::string::npos
            && path.find("/tests/") == std::string::npos)
        {
            CHECK(accepted); // the shipped scenarios are valid and build
        }
    }
}

TEST_CASE("every set-option fuzz input applies or is refused, and what is accepted builds")
{
    const ScratchFolder scratch("eesim-replay-set");
    const std::vector<std::string> scenarios = ShippedScenarios();
    const std::vector<std::string> inputs = InputsOf("set-option");
    REQUIRE(inputs.size() >= 4);
    int accepted = 0;
    for (const std::string& path : inputs)
    {
        INFO(path);
        bool ok = false;
        REQUIRE_NOTHROW(ok = TrySetOptions(scratch, scenarios, ReadBytes(path)));
        accepted += ok ? 1 : 0;
        if (path.find("/regressions/") != std::string::npos)
        {
            CHECK_FALSE(ok); // each regression is a setting validate must refuse
        }
    }
    CHECK(accepted >= 3); // the seeds are valid settings
}

TEST_CASE("every model-file fuzz input and shipped model loads or is refused")
{
    const ScratchFolder scratch("eesim-replay-model");
    const std::vector<std::string> inputs
        = InputsOf("model-file", FilesEndingIn(kSource + "/models", ".eem"));
    for (const std::string& path : inputs)
    {
        INFO(path);
        bool accepted = false;
        REQUIRE_NOTHROW(accepted = TryModelFile(scratch, ReadBytes(path)));
        CHECK(accepted); // seeds and shipped models are all valid files
    }
}

TEST_CASE("every training-config fuzz input and shipped config loads and builds, or is refused")
{
    const ScratchFolder scratch("eesim-replay-train");
    const std::vector<std::string> inputs
        = InputsOf("train-config", FilesEndingIn(kSource + "/models", ".train.json"));
    REQUIRE(inputs.size() >= 3);
    for (const std::string& path : inputs)
    {
        INFO(path);
        bool accepted = false;
        REQUIRE_NOTHROW(accepted = TryTrainConfig(scratch, ReadBytes(path)));
        if (path.find("/regressions/") == std::string::npos)
        {
            CHECK(accepted);
        }
    }
}

TEST_CASE("every onnx-import fuzz input imports or is refused")
{
    const ScratchFolder scratch("eesim-replay-onnx");
    const std::vector<std::string> inputs = InputsOf("onnx-import");
    REQUIRE(inputs.size() >= 2);
    for (const std::string& path : inputs)
    {
        INFO(path);
        bool accepted = false;
        REQUIRE_NOTHROW(accepted = TryOnnxImport(scratch, ReadBytes(path)));
        if (path.find("/seeds/") != std::string::npos)
        {
            CHECK(accepted); // the seeds are networks eesim imports
        }
    }
}

TEST_CASE("every data-file fuzz input is read or refused by every data set reader")
{
    const ScratchFolder scratch("eesim-replay-data");
    const std::vector<std::string> inputs = InputsOf("data-file");
    REQUIRE(inputs.size() >= 5);
    for (const std::string& path : inputs)
    {
        INFO(path);
        bool accepted = false;
        REQUIRE_NOTHROW(accepted = TryDataFile(scratch, ReadBytes(path)));
        CHECK(accepted); // each seed is a valid file of some format
    }
}
