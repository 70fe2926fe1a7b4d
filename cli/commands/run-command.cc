#include "cli/commands/run-command.h"

#include "base/error.h"
#include "cli/command-line.h"
#include "cli/commands/command-options.h"
#include "cli/interrupt-watch.h"
#include "cli/progress-bar.h"
#include "cli/run-folder.h"
#include "sim/scenario/scenario-json-schema.h"
#include "sim/scenario/scenario-schema.h"
#include "sim/scenario/scenario.h"
#include "sim/simulation.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;

namespace eesim
{

namespace
{

/** Communication at transmission decisions, against always-transmit (when there were any). */
void
PrintCommunication(const nlohmann::json& communication)
{
    if (communication["decisions"].get<std::uint64_t>() == 0)
    {
        return;
    }
    std::printf("  decisions       %llu transmission decisions:",
                (unsigned long long)communication["decisions"].get<std::uint64_t>());
    for (const char* unit : { "bytes", "symbols" })
    {
        const auto& saved = communication[std::string("saved_") + unit];
        if (!saved.is_null())
        {
            std::printf(" %.1f %% of %s saved against always-transmit", 100 * saved.get<double>(),
                        unit);
        }
    }
    std::printf("\n");
}

/** Computation saved, device energy per request and each node's busy time and energy. */
void
PrintCosts(const nlohmann::json& summary)
{
    if (summary["computation"]["saved"].is_null())
    {
        std::printf("  computation     saved fraction undefined (full execution costs no FLOPs)\n");
    }
    else
    {
        std::printf("  computation     %.1f %% saved against every request running to the final "
                    "exit\n",
                    100 * summary["computation"]["saved"].get<double>());
    }
    const auto& energy = summary["energy"];
    std::printf("  device energy   %.3f mJ per request: compute %.3f, analog transmit %.4f, Wi-Fi "
                "radio %.3f (idle listening included)\n",
                1e3 * energy["device_j_per_request"].get<double>(),
                1e3 * energy["device_compute_j_per_request"].get<double>(),
                1e3 * energy["analog_tx_j_per_request"].get<double>(),
                1e3 * energy["device_wifi_radio_j_per_request"].get<double>());
    std::printf("  nodes          ");
    for (const auto& node : summary["nodes"])
    {
        std::printf(" %s: %.1f %% busy, %.1f J; ", node["name"].get<std::string>().c_str(),
                    100 * node["utilization"].get<double>(), node["energy_j"].get<double>());
    }
}

void
PrintTable(const nlohmann::json& summary, const std::string& folder)
{
    const auto& requests = summary["requests"];
    std::printf("scenario %s: %llu requests issued, %llu completed, %llu dropped, %llu "
                "unfinished\n",
                summary["scenario"].get<std::string>().c_str(),
                (unsigned long long)requests["issued"].get<std::uint64_t>(),
                (unsigned long long)requests["completed"].get<std::uint64_t>(),
                (unsigned long long)requests["dropped"].get<std::uint64_t>(),
                (unsigned long long)requests["unfinished"].get<std::uint64_t>());
    if (requests["dropped"].get<std::uint64_t>() > 0)
    {
        std::printf("  dropped        ");
        for (const auto& [reason, count] : requests["dropped_by_reason"].items())
        {
            std::printf(" %s: %llu ", reason.c_str(),
                        (unsigned long long)count.get<std::uint64_t>());
        }
        std::printf("\n");
    }
    if (requests["completed"].get<std::uint64_t>() == 0)
    {
        // Accuracy, latency and savings per answer have no value without an answer.
        std::printf("  no request was answered: accuracy, latency, computation saved and energy "
                    "per request are undefined (null in summary.json)\n  run folder      %s\n",
                    folder.c_str());
        return;
    }
    std::printf("  accuracy        %.2f %%\n", 100 * summary["accuracy"].get<double>());
    const auto& latency = summary["latency_s"];
    std::printf("  latency (ms)    mean %.2f  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n",
                1e3 * latency["mean"].get<double>(), 1e3 * latency["p50"].get<double>(),
                1e3 * latency["p95"].get<double>(), 1e3 * latency["p99"].get<double>(),
                1e3 * latency["max"].get<double>());
    std::printf("  exits          ");
    int k = 0;
    for (const auto& count : summary["exit_histogram"])
    {
        std::printf(" %d: %llu ", k++, (unsigned long long)count.get<std::uint64_t>());
    }
    const auto symbols = summary["communication"]["symbols"].get<std::uint64_t>();
    std::printf("\n  transmitted     %.1f %% of requests, %llu feature bytes, ",
                100 * summary["transmitted_fraction"].get<double>(),
                (unsigned long long)summary["bytes"]["features"].get<std::uint64_t>());
    if (symbols > 0)
    {
        std::printf("%llu channel symbols, ", (unsigned long long)symbols);
    }
    std::printf("%llu result bytes\n",
                (unsigned long long)summary["bytes"]["results"].get<std::uint64_t>());
    if (summary.contains("deadline"))
    {
        std::printf("  deadline hits   %.1f %% (accuracy of on-time answers %.2f %%)\n",
                    100 * summary["deadline"]["hit_rate"].get<double>(),
                    100 * summary["deadline"]["accuracy_in_time"].get<double>());
    }
    PrintCommunication(summary["communication"]);
    PrintCosts(summary);
    std::printf("\n  run folder      %s\n", folder.c_str());
}

/** The run folder: --out, or results/runs/NAME-SEED/. */
std::string
FolderFor(const std::string& requested, const Scenario& scenario)
{
    return requested.empty() ? "results/runs/" + scenario.name + "-" + std::to_string(scenario.seed)
                             : requested;
}

} // namespace

int
RunRunCommand(const std::vector<std::string>& args)
{
    std::string path;
    std::string out;
    std::vector<std::string> sets;
    long long seed = 0;
    po::options_description options("eesim run options");
    options.add_options()("scenario", po::value(&path), "scenario file (JSON)")(
        "out,o", po::value(&out), "run folder (default: results/runs/NAME-SEED/)")(
        "seed", po::value(&seed), "override the scenario's seed")(
        "set", po::value(&sets)->composing(), "override a value: --set requests.count=200")(
        "quiet,q", "no progress bar")("force",
                                      "replace the results in a run folder that is not empty");
    po::positional_options_description positional;
    positional.add("scenario", 1);
    po::variables_map values;
    const std::string synopsis = "eesim run SCENARIO.json [--out DIR] [--seed N] [--set a.b=VALUE "
                                 "...] [--quiet] [--force]";
    if (!ParseCommandOptions("run", synopsis, args, options, positional, values))
    {
        return kExitSuccess;
    }
    if (path.empty())
    {
        throw Error("run: missing SCENARIO.json (usage: " + synopsis + ")");
    }
    if (values.count("seed") != 0U)
    {
        // Applied last, so it wins over a --set seed=; the validator checks its range.
        sets.push_back("seed=" + std::to_string(seed));
    }
    const Scenario scenario = LoadScenario(path, sets);
    const RunFolder runFolder(FolderFor(out, scenario), values.count("force") != 0U);
    const std::string& folder = runFolder.Path();
    // The bar is for people watching a terminal; logs get the table only.
    const bool progress = values.count("quiet") == 0U && isatty(STDERR_FILENO) == 1;
    const InterruptWatch watch;
    ProgressBar bar("simulating", progress);
    RunHooks hooks;
    hooks.progress = [&bar](std::uint64_t ended, std::uint64_t expected)
    { bar.Update(long(ended), long(expected)); };
    hooks.stopRequested = [] { return InterruptWatch::Requested(); };
    // Whatever way the run ends, the manifest lists what it wrote, so --force can replace it.
    hooks.beforeAbort = [&runFolder] { runFolder.WriteManifest(); };
    nlohmann::json summary;
    try
    {
        summary = RunSimulation(scenario, folder, hooks);
    }
    catch (...)
    {
        runFolder.WriteManifest();
        throw;
    }
    runFolder.WriteManifest();
    bar.Finish("");
    PrintTable(summary, folder);
    if (InterruptWatch::Requested())
    {
        std::fprintf(stderr,
                     "eesim: %s: interrupted; the rows so far are in requests.partial.csv "
                     "and summary.json is marked \"interrupted\"\n",
                     folder.c_str());
        return 128 + InterruptWatch::Signal();
    }
    return kExitSuccess;
}

int
RunValidateCommand(const std::vector<std::string>& args)
{
    std::string path;
    std::vector<std::string> sets;
    po::options_description options("eesim validate options");
    options.add_options()("scenario", po::value(&path), "scenario file (JSON)")(
        "set", po::value(&sets)->composing(), "override a value before validating")(
        "list-keys", "print every scenario key with its type, default and range (Markdown)")(
        "schema", "print the JSON Schema of scenario files (draft 2020-12), for editors");
    po::positional_options_description positional;
    positional.add("scenario", 1);
    po::variables_map values;
    const std::string synopsis
        = "eesim validate SCENARIO.json [--set a.b=VALUE ...] | --list-keys | --schema";
    if (!ParseCommandOptions("validate", synopsis, args, options, positional, values))
    {
        return kExitSuccess;
    }
    if (values.count("list-keys") != 0U)
    {
        std::cout << ScenarioKeysMarkdown();
        return kExitSuccess;
    }
    if (values.count("schema") != 0U)
    {
        std::cout << ScenarioJsonSchema().dump(2) << "\n";
        return kExitSuccess;
    }
    if (path.empty())
    {
        throw Error("validate: missing SCENARIO.json (usage: " + synopsis + ")");
    }
    const Scenario scenario = LoadScenario(path, sets);
    std::printf("%s: valid (%zu nodes, %d requests per device, scenario hash %s)\n", path.c_str(),
                scenario.nodes.size(), scenario.requestCount, scenario.hash.c_str());
    return kExitSuccess;
}

} // namespace eesim
