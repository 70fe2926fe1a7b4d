#ifndef EESIM_TESTS_SIM_SIMULATION_SUPPORT_H
#define EESIM_TESTS_SIM_SIMULATION_SUPPORT_H

// Running a scenario document in a test and reading its outputs back.
#include "sim/scenario/scenario.h"
#include "sim/simulation.h"
#include "tests/test-support.h"

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace eesim::test
{

/** A run's summary and its requests.csv rows, as column -> text. */
struct Run
{
    nlohmann::json summary;
    std::vector<std::map<std::string, std::string>> rows;
};

/** The rows of a CSV file with a header line, as column -> text. */
inline std::vector<std::map<std::string, std::string>>
ReadRows(const std::string& path)
{
    std::ifstream csv(path);
    std::string line;
    std::getline(csv, line);
    std::vector<std::string> header;
    std::stringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');)
    {
        header.push_back(field);
    }
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(csv, line))
    {
        std::map<std::string, std::string> row;
        std::stringstream values(line);
        std::string value;
        for (const auto& column : header)
        {
            value.clear();
            std::getline(values, value, ',');
            row[column] = value;
        }
        rows.push_back(row);
    }
    return rows;
}

/** Runs `scenario` into the folder dir/name; its summary and rows. */
inline Run
RunInto(const test::TempDir& dir, const Scenario& scenario, const std::string& name)
{
    const std::string folder = dir.File(name);
    std::system(("mkdir -p '" + folder + "'").c_str());
    Run run;
    run.summary = RunSimulation(scenario, folder);
    run.rows = ReadRows(folder + "/requests.csv");
    return run;
}

inline Run
Simulate(const test::TempDir& dir, const nlohmann::json& doc, const std::string& name = "run")
{
    std::ofstream(dir.File(name + ".json")) << doc.dump();
    return RunInto(dir, LoadScenario(dir.File(name + ".json"), {}), name);
}

/** A shipped scenario (scenarios/SCENARIO.json) with `--set` options, run into dir/name. */
inline Run
SimulateShipped(const test::TempDir& dir, const std::string& scenario,
                const std::vector<std::string>& sets, const std::string& name = "run")
{
    return RunInto(
        dir, LoadScenario(std::string(EESIM_SOURCE_DIR) + "/scenarios/" + scenario + ".json", sets),
        name);
}

inline std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace eesim::test

#endif
