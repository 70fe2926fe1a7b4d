// libFuzzer target for the scenario loader (LoadScenario: what `eesim validate` and `eesim run`
// do before simulating). Bad scenarios and bad --set options must end in eesim::Error; anything
// else that escapes (it would reach the user as "internal error"), and every crash, sanitizer
// report, leak or timeout, is a finding.
//
// Input: the bytes up to the first NUL are the scenario file; after it, each line is one
// `--set a.b.c=VALUE` option, applied in order. The seeds (scenario files) have no NUL, so they
// load as the files they are; the fuzzer finds the separator and the overrides by itself.
//
// The loader only takes a path and reads the model file the scenario names, relative to the
// scenario's folder. Each input is written to SCRATCH/scenarios/input.json, where SCRATCH is a
// private temporary folder whose `models` links to the repository's models/, so the shipped
// scenarios' "../models/fmnist-me4.eem" resolves and the cross-field checks against the model
// (placement, per-segment lists) are reached. A capacity trace, load.csv, sits beside the
// input for scenarios whose fluctuation names it.
#include "base/error.h"
#include "sim/scenario/scenario.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace
{

std::string g_folder;
std::string g_file;

void
RemoveFolder()
{
    std::remove(g_file.c_str());
    std::remove((g_folder + "/scenarios/load.csv").c_str());
    rmdir((g_folder + "/scenarios").c_str());
    unlink((g_folder + "/models").c_str());
    rmdir(g_folder.c_str());
}

} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp")
                          + "/eesim-fuzz-scenario-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr)
    {
        std::abort();
    }
    g_folder = pattern;
    g_file = g_folder + "/scenarios/input.json";
    const std::string models = std::string(EESIM_SOURCE_DIR) + "/models";
    if (mkdir((g_folder + "/scenarios").c_str(), 0700) != 0
        || symlink(models.c_str(), (g_folder + "/models").c_str()) != 0)
    {
        std::abort();
    }
    std::ofstream(g_folder + "/scenarios/load.csv") << "time_s,capacity_factor\n0,1\n2,0.5\n";
    std::atexit(RemoveFolder);
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    std::vector<std::string> overrides;
    if (nul != std::string::npos)
    {
        std::size_t start = nul + 1;
        while (start <= input.size())
        {
            const std::size_t end = std::min(input.find('\n', start), input.size());
            overrides.push_back(input.substr(start, end - start));
            start = end + 1;
        }
    }
    {
        std::ofstream out(g_file, std::ios::binary | std::ios::trunc);
        out.write(input.data(), std::streamsize(std::min(nul, input.size())));
        if (!out)
        {
            std::abort(); // the harness itself failed, not the loader
        }
    }
    try
    {
        const eesim::Scenario scenario = eesim::LoadScenario(g_file, overrides);
        (void)scenario.SourceCount();
    }
    catch (const eesim::Error&)
    {
        // A refused scenario: the expected answer to bad input.
    }
    return 0;
}
