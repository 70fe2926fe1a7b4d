// The classes of bad input in the README's table that the other CLI tests do not already run:
// each ends in a one-line error naming the file or the option, with exit code 2 for bad input
// and 1 for a failure while running.
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <vector>

using namespace eesim;
using namespace eesim::test;

namespace
{

const std::string kQuickstart = std::string(EESIM_SOURCE_DIR) + "/scenarios/quickstart.json";

/** A copy of the shipped model with `bytes` written at `offset` (and `keep` bytes at most). */
void
WriteModelCopy(const std::string& path, std::size_t offset, const std::string& bytes,
               std::size_t keep = std::string::npos)
{
    std::string model = ReadFile(ShippedModel());
    model.replace(offset, bytes.size(), bytes);
    std::ofstream(path, std::ios::binary) << model.substr(0, keep);
}

/** A scenario file in `dir` that is the quickstart with its model replaced. */
std::string
ScenarioWithModel(const TempDir& dir, const std::string& name, const std::string& model)
{
    std::string text = ReadFile(kQuickstart);
    const std::string shipped = "../models/fmnist-me4.eem";
    text.replace(text.find(shipped), shipped.size(), model);
    std::ofstream(dir.File(name)) << text;
    return dir.File(name);
}

} // namespace

TEST_CASE("a scenario that is not JSON is a one-line error with the line and column")
{
    TempDir dir;
    std::ofstream(dir.File("s.json")) << "{\"name\": \"x\",\n \"requests\": {\"count\": 10,}}\n";
    const Result result = Run("validate " + dir.File("s.json"));
    CheckOneLineError(result, dir.File("s.json") + ": parse error at line 2, column 27");
    CHECK(result.exitCode == 2);
    const Result missing = Run("validate " + dir.File("none.json"));
    CheckOneLineError(missing, dir.File("none.json") + ": cannot open");
    CHECK(missing.exitCode == 2);
}

TEST_CASE("a scenario whose model file is missing, cut short, corrupt or foreign is refused")
{
    TempDir dir;
    WriteModelCopy(dir.File("short.eem"), 0, "", 5000);
    WriteModelCopy(dir.File("corrupt.eem"), 3000, "Z");
    WriteModelCopy(dir.File("v3.eem"), 8, std::string("\x03", 1));
    WriteModelCopy(dir.File("magic.eem"), 0, "NOTMODEL");
    const std::vector<std::pair<std::string, std::string>> cases = {
        { "none.eem", "none.eem: cannot open model file" },
        { "short.eem", "short.eem: truncated model file" },
        { "corrupt.eem", "corrupt.eem: checksum mismatch" },
        { "v3.eem", "v3.eem: unsupported model format version 3" },
        { "magic.eem", "magic.eem: not an eesim model file (bad magic)" },
    };
    for (const auto& [model, message] : cases)
    {
        const std::string scenario = ScenarioWithModel(dir, model + ".json", model);
        const Result result = Run("validate " + scenario);
        CheckOneLineError(result, scenario + ": /model: ");
        CHECK_THAT(result.output, Catch::Contains(message));
        CHECK(result.exitCode == 2);
    }
}

TEST_CASE("malformed set options are one-line errors with exit code 2")
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        { "requests.count", "--set requests.count: expected KEY.PATH=VALUE" },
        { "=5", "--set =5: expected KEY.PATH=VALUE" },
        { "requests..count=5", "empty key in the path" },
        { "nodes.5.name=x", "'5' is not an index of 2 elements" },
        { "nodes.x.name=x", "'x' is not an index of 2 elements" },
        // Too large for any integer type: still just not an index.
        { "nodes.99999999999999999999.name=x", "is not an index of 2 elements" },
        // JSON text must be UTF-8; a byte that is not would otherwise surface much later.
        { "name=\xff", "--set: not valid UTF-8" },
        { "policies.exit.params.x\xff=1", "--set: not valid UTF-8" },
    };
    for (const auto& [assignment, message] : cases)
    {
        const Result result = Run("validate " + kQuickstart + " --set '" + assignment + "'");
        CheckOneLineError(result, message);
        CHECK(result.exitCode == 2);
    }
    // A well-formed option with a bad value is the validator's: the pointer and the value.
    const Result value = Run("validate " + kQuickstart + " --set requests.count=ten");
    CheckOneLineError(value, "/requests/count: expected an integer, got \"ten\"");
    CHECK(value.exitCode == 2);
}

TEST_CASE("run without a scenario, or with a seed out of range, is a usage error")
{
    const Result none = Run("run");
    CheckOneLineError(none, "run: missing SCENARIO.json (usage: eesim run SCENARIO.json");
    CHECK(none.exitCode == 2);
    const Result negative = Run("run " + kQuickstart + " --seed -5");
    CheckOneLineError(negative, "/seed: out of range (expected 0 to 2147483647, got -5)");
    CHECK(negative.exitCode == 2);
    const Result text = Run("run " + kQuickstart + " --seed abc");
    CheckOneLineError(text, "the argument ('abc') for option '--seed' is invalid");
    CHECK(text.exitCode == 2);
}

TEST_CASE("a run folder that cannot be created is a runtime failure with exit code 1")
{
    TempDir dir;
    std::ofstream(dir.File("file")) << "not a folder\n";
    const Result result = Run("run " + kQuickstart + " --quiet --set requests.count=2 --out "
                              + dir.File("file/run"));
    CheckOneLineError(result, dir.File("file/run") + ": cannot create the run folder");
    CHECK(result.exitCode == 1);
}

TEST_CASE("every numeric option of every command refuses NaN, infinities and absurd values")
{
    const std::string model = ShippedModel();
    const std::string jscc = std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.eem";
    // command and option; each is tried with every value below before any work starts.
    const std::vector<std::pair<std::string, std::string>> options = {
        { "calibrate " + jscc, "snr-min" },   { "calibrate " + jscc, "snr-max" },
        { "calibrate " + jscc, "snr-step" },  { "calibrate " + jscc, "split" },
        { "calibrate " + jscc, "seed" },      { "calibrate " + jscc, "threads" },
        { "calibrate " + jscc, "limit" },     { "calibrate " + jscc, "confidence-bins" },
        { "model eval " + model, "snr-db" },  { "model eval " + model, "limit" },
        { "model eval " + model, "threads" }, { "model eval " + model, "seed" },
    };
    for (const auto& [command, option] : options)
    {
        for (const std::string value : { "nan", "inf", "-inf", "1e300", "-1e300" })
        {
            INFO(command << " --" << option << " " << value);
            const Result result = Run(command + " --" + option + " " + value);
            // Integer options refuse a non-integer as they parse ("the argument ('nan') for
            // option '--split' is invalid"); numbers out of range get the range.
            CheckOneLineError(result, "--" + option);
            CHECK(result.exitCode == 2);
        }
    }
    // The grid's step may not be so fine that the grid has no end.
    CheckOneLineError(Run("calibrate " + jscc + " --snr-step 1e-300"),
                      "--snr-step: expected a number from 0.01 to 100, got 1e-300");
    CheckOneLineError(Run("calibrate " + jscc + " --snr-min 10 --snr-max 0"),
                      "calibrate: --snr-max must be at least --snr-min");
}

TEST_CASE("a scenario with a key twice, or a number beyond a double, is refused at its pointer")
{
    TempDir dir;
    std::string text = ReadFile(kQuickstart);
    text.insert(text.find('{') + 1, "\"seed\": 3, \"seed\": 4,");
    std::ofstream(dir.File("dup.json")) << text;
    const Result duplicate = Run("validate " + dir.File("dup.json"));
    CheckOneLineError(duplicate, dir.File("dup.json") + ": /seed: duplicate key \"seed\"");
    CHECK(duplicate.exitCode == 2);
    std::ofstream(dir.File("big.json")) << R"({"requests": {"start_s": 1e400}})";
    const Result big = Run("validate " + dir.File("big.json"));
    CheckOneLineError(big, dir.File("big.json")
                               + ": /requests/start_s: number out of range (a double reaches "
                                 "about 1.8e308)");
    CHECK(big.exitCode == 2);
    const Result folder = Run("validate " + dir.Path());
    CheckOneLineError(folder, dir.Path() + ": is a folder, not a file");
    CHECK(folder.exitCode == 2);
}

TEST_CASE("no command writes its output over one of its inputs")
{
    TempDir dir;
    const std::string model = dir.File("m.eem");
    std::ofstream(model, std::ios::binary) << ReadFile(ShippedModel());
    const std::string before = ReadFile(model);
    const Result eval
        = Run("model eval " + model + " --limit 10 --dump " + dir.Path() + "/./m.eem");
    CheckOneLineError(eval, "model eval: " + dir.Path() + "/./m.eem is the input model");
    CHECK(eval.exitCode == 2);
    const Result calibrate = Run("calibrate " + model + " --limit 10 --out " + model);
    CheckOneLineError(calibrate, "calibrate: " + model + " is the input model");
    CHECK(calibrate.exitCode == 2);
    CHECK(ReadFile(model) == before);
    std::ofstream(dir.File("t.json")) << R"({"architecture": {"input": [1, 28, 28],
        "segments": [{"body": [{"type": "flatten"}], "exit": [{"type": "linear", "out_features": 10}]}]}})";
    const Result train = Run("train " + dir.File("t.json") + " --out " + dir.File("t.json"));
    CheckOneLineError(train, "train: " + dir.File("t.json") + " is the input training config");
    CHECK(train.exitCode == 2);
}

TEST_CASE("names that become paths, reserved names, self-links and contradicting links are refused")
{
    const std::string validate = "validate " + kQuickstart + " ";
    const Result escape = Run(validate + "--set name=../../../../elsewhere/x");
    CheckOneLineError(escape, "/name: expected 1 to 100 letters, digits, '.', '_' or '-' (it "
                              "names the run folder), got \"../../../../elsewhere/x\"");
    CHECK(escape.exitCode == 2);
    CheckOneLineError(Run(validate + "--set name=" + std::string(300, 'a')),
                      "... (300 characters)");
    CheckOneLineError(Run(validate + "--set nodes.0.name=source"),
                      "/nodes/0/name: \"source\" is reserved");
    CheckOneLineError(Run(validate
                          + "--set 'channel.links=[{\"from\":\"device\",\"to\":\"device\","
                            "\"mode\":\"digital\"}]'"),
                      "/channel/links/0/to: a link from \"device\" to itself");
    CheckOneLineError(
        Run(validate
            + "--set 'channel.links=[{\"from\":\"device\",\"to\":\"server\","
              "\"mode\":\"digital\"},{\"from\":\"device\",\"to\":\"server\","
              "\"mode\":\"analog\"}]'"),
        "/channel/links/1/mode: contradicts an earlier entry for the link device -> server");
    std::string deep = "a";
    for (int i = 0; i < 20000; ++i)
    {
        deep += ".a";
    }
    const Result deepSet = Run(validate + "--set " + deep + "=1");
    CheckOneLineError(deepSet, "the path is deeper than 100 levels");
    CHECK(deepSet.exitCode == 2);
}

TEST_CASE("validate refuses an analog hop that would carry the raw input, which run could not send")
{
    const std::string awgn = std::string(EESIM_SOURCE_DIR) + "/scenarios/td-awgn.json";
    const Result result = Run("validate " + awgn + " --set 'placement=[\"server\"]'");
    CheckOneLineError(result, "/channel: the link device -> server before segment 0 is analog, "
                              "but it would carry the request's input");
    CHECK(result.exitCode == 2);
    // Over a digital link the image crosses as bytes, and the run goes through.
    TempDir dir;
    CHECK(Run("run " + kQuickstart
              + " --quiet --set 'placement=[\"server\"]' "
                "--set requests.count=3 --out "
              + dir.File("run"))
              .exitCode
          == 0);
}

TEST_CASE("a run in which no request is answered says so, and reports no accuracy or latency")
{
    TempDir dir;
    // The middle device of the chain 100 km away: nothing comes back.
    const Result result = Run("run " + std::string(EESIM_SOURCE_DIR)
                              + "/scenarios/distree-3dev.json --quiet --set requests.count=3 "
                                "--set 'nodes.1.position_m=[100000,0,0]' --out "
                              + dir.File("run"));
    INFO(result.output);
    CHECK(result.exitCode == 0);
    CHECK_THAT(result.output, Catch::Contains("no request was answered: accuracy, latency, "
                                              "computation saved and energy per request are "
                                              "undefined"));
    CHECK_THAT(result.output, !Catch::Contains("0.00 %") && !Catch::Contains("100.0 % saved"));
    CHECK_THAT(ReadFile(dir.File("run/summary.json")), Catch::Contains("\"accuracy\": null"));
}

TEST_CASE("a per-exit threshold list longer than the model's exits is refused, at any depth")
{
    const std::string validate = "validate " + kQuickstart + " --set 'policies.exit=";
    const Result more = Run(validate
                            + "{\"name\":\"confidence\",\"params\":{\"threshold\":[0.9,0.9,0.9,"
                              "0.9,0.9]}}'");
    CheckOneLineError(more, "/policies/exit/params/threshold: 5 values but the model has 4 exits");
    CHECK(more.exitCode == 2);
    CheckOneLineError(Run(validate
                          + "{\"name\":\"deadline-aware\",\"params\":{\"inner\":{\"name\":"
                            "\"margin\",\"params\":{\"threshold\":[1,1,1,1,1,1]}}}}'"),
                      "/policies/exit/params/inner/params/threshold: 6 values but the model has 4 "
                      "exits");
    CHECK(Run(validate + "{\"name\":\"confidence\",\"params\":{\"threshold\":[0.9,0.8]}}'").exitCode
          == 0);
}
