#ifndef EESIM_TESTS_SIM_COMPUTE_CAPACITY_TEST_SUPPORT_H
#define EESIM_TESTS_SIM_COMPUTE_CAPACITY_TEST_SUPPORT_H

#include "sim/compute/capacity-model.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace eesim::test
{

/** What a registered capacity model makes of a `fluctuation` object. */
struct LoadedCapacity
{
    CapacityFactory factory;
    std::vector<CapacityProblem> problems;
};

/**
 * Loads `fluctuation` through the registered model it names, as the scenario loader does: the
 * object is first completed with every model's defaults (the loader hands models a complete
 * object). `timeLimitSeconds` is the run's (0: no limit on the changes of factor is checked).
 */
inline LoadedCapacity
LoadCapacity(nlohmann::json fluctuation, const std::string& scenarioFile = "scenario.json",
             double timeLimitSeconds = 0)
{
    for (const KeySpec& key : CapacityModelKeys(""))
    {
        if (!fluctuation.contains(key.path))
        {
            fluctuation[key.path] = key.defaultValue;
        }
    }
    const CapacityModel* model = CapacityModelRegistry::Global().Find(fluctuation["model"]);
    REQUIRE(model != nullptr);
    LoadedCapacity loaded;
    loaded.factory = model->load({ fluctuation, scenarioFile, timeLimitSeconds }, loaded.problems);
    return loaded;
}

/** The pieces (start, factor) of a process up to `until` seconds. */
inline std::vector<std::pair<double, double>>
Pieces(CapacityProcess& process, double until)
{
    std::vector<std::pair<double, double>> pieces;
    for (double t = 0; t < until; t = process.NextChangeAfter(t))
    {
        pieces.emplace_back(t, process.FactorAt(t));
    }
    return pieces;
}

} // namespace eesim::test

#endif
