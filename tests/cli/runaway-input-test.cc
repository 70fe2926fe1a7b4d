// In-range values that would explode (events, memory, simulated time) and files read without
// bounds: each is refused by validate and run alike with a one-line error naming the file and the
// JSON pointer, exit code 2, before anything is allocated or simulated; idle simulated time is
// cheap.
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

using namespace eesim;
using namespace eesim::test;

namespace
{

const std::string kSource = std::string(EESIM_SOURCE_DIR);
const std::string kQuickstart = kSource + "/scenarios/quickstart.json";

/** The quickstart scenario with `patch` merged in (RFC 7386), written to `dir` as `name`; its
 *  model is named by an absolute path. */
std::string
WriteScenario(const TempDir& dir, const std::string& name, const nlohmann::json& patch)
{
    std::ifstream in(kQuickstart);
    nlohmann::json scenario = nlohmann::json::parse(in);
    scenario["model"] = kSource + "/models/fmnist-me4.eem";
    scenario.merge_patch(patch);
    std::ofstream(dir.File(name)) << scenario.dump(2);
    return dir.File(name);
}

/** validate and run both refuse `scenario` (with `sets`) with the same one line holding `text`,
 *  exit code 2, before the run simulates anything. */
void
CheckRefused(const TempDir& dir, const std::string& scenario, const std::string& sets,
             const std::string& text)
{
    INFO(scenario + " " + sets);
    const Result validate = RunWithin(60, "validate " + scenario + " " + sets);
    CheckOneLineError(validate, scenario + ": " + text);
    CHECK(validate.exitCode == 2);
    const Result run
        = RunWithin(60, "run " + scenario + " " + sets + " --quiet --force --out " + dir.File("r"));
    CHECK(run.exitCode == 2);
    CHECK(run.output == validate.output);
}

/** A node's fluctuation through --set. */
std::string
Fluctuation(const std::string& model, const std::string& key, const std::string& value)
{
    return "--set nodes.0.fluctuation.model=" + model + " --set 'nodes.0.fluctuation." + key + "="
           + value + "'";
}

/** A training config of one segment: `body`, then an exit head of flatten and linear. */
std::string
WriteTrainConfig(const TempDir& dir, const std::string& name, const nlohmann::json& body,
                 int batchSize = 128)
{
    const nlohmann::json config = {
        { "name", "runaway" },
        { "output", dir.File(name + ".eem") },
        { "architecture",
          { { "input", { 1, 28, 28 } },
            { "segments",
              { { { "body", body },
                  { "exit",
                    { { { "type", "flatten" } },
                      { { "type", "linear" }, { "out_features", 10 } } } } } } } } },
        { "training", { { "batch_size", batchSize }, { "shards", 4 }, { "threads", 2 } } },
    };
    std::ofstream(dir.File(name)) << config.dump(2);
    return dir.File(name);
}

} // namespace

TEST_CASE("capacity that would change more often than a run affords is refused by validate and run")
{
    TempDir dir;
    CheckRefused(dir, kQuickstart, Fluctuation("markov", "mean_dwell_s", "[1e-6,1e-6]"),
                 "/nodes/0/fluctuation/mean_dwell_s: mean dwell times of 1e-06 s on average make "
                 "about 561000000 capacity changes within the run's time limit of 561 s, more "
                 "than the 10000000 a node's fluctuation may make (each is drawn and integrated "
                 "over); make them slower or the run shorter (stop_time_s)");
    CheckRefused(dir, kQuickstart, Fluctuation("lognormal-ar1", "step_s", "1e-6"),
                 "/nodes/0/fluctuation/step_s: steps of 1e-06 s make about 561000000 capacity "
                 "changes");
    std::ofstream(dir.File("fast.csv")) << "time_s,capacity_factor\n0,1\n1e-9,0.5\n";
    const std::string trace = WriteScenario(
        dir, "trace.json",
        { { "nodes",
            { { { "name", "device" },
                { "role", "device" },
                { "fluctuation",
                  { { "model", "trace" }, { "trace", "fast.csv" }, { "period_s", 2e-9 } } } },
              { { "name", "server" }, { "role", "server" } } } } });
    CheckRefused(dir, trace, "",
                 "/nodes/0/fluctuation/trace: its 2 rows every 2e-09 s (period_s) make about "
                 "5.61e+11 capacity changes");
    CheckRefused(dir, kQuickstart,
                 "--set channel.fading=gilbert-elliott --set channel.mean_good_s=1e-6 --set "
                 "channel.mean_bad_s=1e-6",
                 "/channel/mean_good_s: mean times of 1e-06 s (good) and 1e-06 s (bad) make about "
                 "561000000 channel state switches over 1 node pairs within the run's time limit "
                 "of 561 s, more than the 10000000 a run may make");
    // The same dwell time is fine in a run short enough.
    const Result shorter
        = RunWithin(60, "validate " + kQuickstart + " "
                            + Fluctuation("markov", "mean_dwell_s", "[1e-6,1e-6]")
                            + " --set stop_time_s=5");
    CHECK(shorter.exitCode == 0);
}

TEST_CASE("simulated time stops at 100000 s, and idle simulated time costs no polling")
{
    TempDir dir;
    CheckRefused(dir, kQuickstart, "--set requests.start_s=1e12",
                 "/requests/start_s: out of range (expected 0 to 100000, got 1000000000000.0)");
    CheckRefused(dir, kQuickstart, "--set stop_time_s=1e12",
                 "/stop_time_s: out of range (expected 0 to 100000, got 1000000000000.0)");
    CheckRefused(dir, kQuickstart, "--set requests.rate_per_s=1e-6",
                 "/requests: the last request would be issued at 1000000001 s (start_s + count / "
                 "rate_per_s), after the 100000 s a run may simulate; raise rate_per_s, lower "
                 "count or set duration_s");
    // A day of idle simulated time before the one request: no periodic event of eesim's own
    // scales with it (ad hoc Wi-Fi sends no beacons).
    const auto start = std::chrono::steady_clock::now();
    const Result idle = RunWithin(60, "run " + kQuickstart
                                          + " --quiet --out " + dir.File("idle")
                                          + " --set requests.count=1 --set requests.start_s=86400"
                                            " --set wifi.mode=adhoc");
    INFO(idle.output);
    CHECK(idle.exitCode == 0);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("a task that could never finish in the run leaves its request unfinished")
{
    TempDir dir;
    // 1e-300 GFLOP/s: the server's service time is beyond any simulated time.
    const Result result = RunWithin(60, "run " + kQuickstart + " --quiet --out " + dir.File("r")
                                            + " --set requests.count=3"
                                              " --set nodes.1.capacity_gflops=1e-300"
                                              " --set 'policies.exit={\"name\":\"none\"}'");
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    std::ifstream in(dir.File("r/summary.json"));
    const nlohmann::json summary = nlohmann::json::parse(in);
    CHECK(summary["requests"]["unfinished"] == 3);
    CHECK(summary["requests"]["completed"] == 0);
    CHECK(summary["simulated_s"].get<double>() == Approx(1 + 10 * 3 / 20.0 + 60));
}

TEST_CASE("a training config that would not fit in memory is refused at its layer, before "
          "anything is allocated")
{
    TempDir dir;
    const nlohmann::json flatten = { { "type", "flatten" } };
    const std::vector<std::pair<std::string, std::string>> cases = {
        { WriteTrainConfig(dir, "linear.json",
                           { flatten, { { "type", "linear" }, { "out_features", 1000000 } } }),
          "/architecture/segments/0/body/1: training would take about 50.2 GB of memory, more "
          "than the 1.5 GB eesim allows; this linear layer takes 50.2 GB (785000000 values, "
          "each held 16 times: the model, its gradients, Adam's moments and the copies of every "
          "shard and evaluation thread; its input and output for a batch of 128): make it "
          "smaller, or the batch, the shards or the threads fewer" },
        { WriteTrainConfig(dir, "channels.json",
                           { { { "type", "conv2d" }, { "out_channels", 100000 }, { "kernel", 28 } },
                             flatten }),
          "/architecture/segments/0/body/0: training would take about" },
        { WriteTrainConfig(dir, "kernel.json",
                           { { { "type", "conv2d" },
                               { "out_channels", 64 },
                               { "kernel", 28 },
                               { "padding", 10000 } },
                             flatten }),
          "/architecture/segments/0/body/0: a tensor of 64x20001x20001 per sample is outside "
          "what eesim runs (1 to 100000000 elements)" },
        { WriteTrainConfig(dir, "batch.json",
                           { { { "type", "conv2d" }, { "out_channels", 64 }, { "kernel", 3 } },
                             flatten },
                           1 << 20),
          "/architecture/segments/0/body/1: training would take about 1092 GB of memory, more "
          "than the 1.5 GB eesim allows; this flatten layer takes 363 GB (its input and output "
          "for a batch of 1048576)" },
    };
    for (const auto& [config, message] : cases)
    {
        const Result result = RunWithin(60, "train " + config);
        CheckOneLineError(result, config + ": " + message);
        CHECK(result.exitCode == 2);
    }
    nlohmann::json many = { flatten };
    for (int i = 0; i < 100; ++i)
    {
        many.push_back({ { "type", "linear" }, { "out_features", 4096 } });
    }
    const std::string layers = WriteTrainConfig(dir, "many.json", many);
    const Result result = RunWithin(60, "train " + layers);
    CheckOneLineError(result, layers + ": /architecture/segments/0/body/2: training would take");
    CHECK(result.exitCode == 2);
}

TEST_CASE("capacity traces and calibration files are read with bounds and strict numbers")
{
    TempDir dir;
    std::ofstream(dir.File("big.csv")) << "0,1\n";
    std::filesystem::resize_file(dir.File("big.csv"), (16U << 20U) + 1); // sparse
    std::ofstream(dir.File("big.json")) << "{}";
    std::filesystem::resize_file(dir.File("big.json"), (16U << 20U) + 1);
    const std::vector<std::pair<std::string, std::string>> traces = {
        { "/dev/zero", "/dev/zero: not a regular file" },
        { "/dev/urandom", "/dev/urandom: not a regular file" },
        { dir.File("big.csv"),
          dir.File("big.csv") + ": 16777217 bytes, more than the 16777216 a capacity trace may "
                                "have" },
    };
    for (const auto& [file, message] : traces)
    {
        CheckRefused(dir, kQuickstart,
                     Fluctuation("trace", "trace", file) + " --set nodes.0.fluctuation.period_s=10",
                     "/nodes/0/fluctuation/trace: " + message);
    }
    const std::vector<std::pair<std::string, std::string>> rows = {
        { "1,0.5abc", "line 3: capacity_factor \"0.5abc\" is not a finite number" },
        { "1e999,1", "line 3: time_s \"1e999\" is not a finite number" },
        { "nan,1", "line 3: time_s \"nan\" is not a finite number" },
        { "1,0.5,7", "line 3: expected two fields, time_s,capacity_factor" },
    };
    for (const auto& [row, message] : rows)
    {
        std::ofstream(dir.File("rows.csv")) << "time_s,capacity_factor\n0,1\n" << row << "\n";
        CheckRefused(dir, kQuickstart,
                     Fluctuation("trace", "trace", dir.File("rows.csv"))
                         + " --set nodes.0.fluctuation.period_s=10",
                     "/nodes/0/fluctuation/trace: " + dir.File("rows.csv") + ": " + message);
    }
    const std::vector<std::pair<std::string, std::string>> calibrations = {
        { "/dev/zero", "/dev/zero: not a regular file" },
        { "/dev/urandom", "/dev/urandom: not a regular file" },
        { dir.File("big.json"),
          dir.File("big.json") + ": 16777217 bytes, more than the 16777216 a JSON file may have" },
    };
    for (const auto& [file, message] : calibrations)
    {
        CheckRefused(dir, kQuickstart, "--set policies.transmission.calibration=" + file,
                     "/policies/transmission/calibration: " + message);
    }
}

TEST_CASE("a calibration is checked at every link where the transmission policy decides")
{
    TempDir dir;
    // td-awgn with a helper node running segments 2 and 3: the server decides at its link to the
    // helper too, after segment 1, with a calibration made for the split after segment 0.
    std::ifstream in(kSource + "/scenarios/td-awgn.json");
    nlohmann::json scenario = nlohmann::json::parse(in);
    scenario["model"] = kSource + "/models/fmnist-me4-jscc.eem";
    scenario["policies"]["transmission"]["calibration"]
        = kSource + "/models/fmnist-me4-jscc.calibration.json";
    scenario["nodes"].push_back({ { "name", "helper" },
                                  { "role", "device" },
                                  { "issues_requests", false },
                                  { "position_m", { 0, 5, 0 } } });
    scenario["channel"]["links"]
        = { { { "from", "server" }, { "to", "helper" }, { "mode", "digital" } } };
    std::ofstream(dir.File("one-link.json")) << scenario.dump(2);
    const Result ok = RunWithin(60, "validate " + dir.File("one-link.json"));
    INFO(ok.output);
    CHECK(ok.exitCode == 0);
    scenario["placement"] = { "source", "server", "helper" };
    std::ofstream(dir.File("two-links.json")) << scenario.dump(2);
    CheckRefused(dir, dir.File("two-links.json"), "",
                 "/policies/transmission/calibration: calibration is for a split after segment 0, "
                 "but the link server -> helper is after segment 1 (the transmission policy "
                 "decides at every link, and a calibration file holds one split)");
}

TEST_CASE("negative or huge integer options of calibrate, model and train are one-line errors")
{
    const std::string model = ShippedModel();
    const std::vector<std::pair<std::string, std::string>> cases = {
        { "calibrate " + model + " --split -5",
          "calibrate: --split: expected a number from 0 to 1000, got -5" },
        { "calibrate " + model + " --split=-5",
          "calibrate: --split: expected a number from 0 to 1000, got -5" },
        { "calibrate " + model + " --split 99999999999",
          "calibrate: --split: expected a number from 0 to 1000, got 99999999999" },
        { "calibrate " + model + " --seed -1",
          "calibrate: --seed: expected a number from 0 to 4294967295, got -1" },
        { "calibrate " + model + " --confidence-bins -3",
          "calibrate: --confidence-bins: expected a number from 1 to 1000, got -3" },
        { "model eval " + model + " --seed -1",
          "model eval: --seed: expected a number from 0 to 4294967295, got -1" },
        { "model eval " + model + " --limit -1",
          "model eval: --limit: expected a number from 0 to 1000000000, got -1" },
        { "train " + kSource + "/models/fmnist-me4.train.json --threads -1",
          "train: --threads: expected a number from 0 to 1024, got -1" },
    };
    for (const auto& [arguments, message] : cases)
    {
        const Result result = RunWithin(60, arguments);
        CheckOneLineError(result, message);
        CHECK(result.exitCode == 2);
    }
}
