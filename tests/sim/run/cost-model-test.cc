// What work is charged: the shipped models' FLOPs (see `eesim model info`), or the scenario's.
#include "nn/model-file.h"
#include "sim/run/cost-model.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

NodeConfig
Node(bool server, bool issues, double gflops)
{
    NodeConfig node;
    node.isServer = server;
    node.issuesRequests = issues;
    node.capacityGflops = gflops;
    return node;
}

/** A server (10 GFLOP/s), a device that only computes (1) and a requesting device (2). */
Scenario
ThreeNodes(std::vector<int> placement)
{
    Scenario scenario;
    scenario.flopsScale = 1; // built by hand: what the key table would fill in
    scenario.nodes = { Node(true, false, 10), Node(false, false, 1), Node(false, true, 2) };
    scenario.placement = std::move(placement);
    return scenario;
}

} // namespace

TEST_CASE("cost model: a stage costs the model's segment and exit head times the scale")
{
    const MultiExitModel model = ModelFile::Load(test::ShippedModel());
    Scenario scenario = ThreeNodes({ -1, 0, 0, 0 });
    scenario.flopsScale = 1.5;
    const CostModel costs(scenario, model);
    CHECK(costs.StageFlops(0, 2) == 484527); // (260288 + 62730) x 1.5
    CHECK(costs.StageFlops(0, 0) == 484527); // whatever the node
    CHECK(costs.ScaledFlops(1001) == 1502);  // 1501.5, rounded
}

TEST_CASE("cost model: segment_flops and segment_latency_ms replace the model's FLOPs")
{
    const MultiExitModel model = ModelFile::Load(test::ShippedModel());
    Scenario scenario = ThreeNodes({ -1, 0, 0, 0 });
    scenario.flopsScale = 3; // not applied to either
    scenario.segmentFlops = { 1e6, 2e6, 3e6, 4e6 };
    CHECK(CostModel(scenario, model).StageFlops(2, 1) == 3'000'000);
    // A latency costs each node its nominal capacity for that long.
    scenario.segmentLatencyS = { 1e-3, 1e-3, 2e-3, 1e-3 };
    const CostModel costs(scenario, model);
    CHECK(costs.StageFlops(0, 2) == 2'000'000);
    CHECK(costs.StageFlops(2, 0) == 20'000'000);
}

TEST_CASE("cost model: full execution is every stage, and the bottleneck of every link crossed")
{
    // The JSCC model has a bottleneck (233634 FLOPs) between segments 0 and 1.
    const MultiExitModel jscc
        = ModelFile::Load(std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.eem");
    Scenario scenario = ThreeNodes({ -1, 0, 0, 0 });
    // Segments 7517152 + exit heads 257640 + bottleneck 233634.
    CHECK(CostModel(scenario, jscc).FullExecutionFlops() == 8'008'426);
    // Kept on one node, nothing crosses: no bottleneck.
    scenario.placement = { -1, -1, -1, -1 };
    CHECK(CostModel(scenario, jscc).FullExecutionFlops() == 7'774'792);
    // With latencies, "source" segments are costed on the first requesting device (node 2,
    // 2 GFLOP/s), not on the device that only computes.
    scenario.placement = { -1, 0, 0, 0 };
    scenario.segmentLatencyS = { 1e-3, 1e-3, 1e-3, 1e-3 };
    CHECK(CostModel(scenario, jscc).FullExecutionFlops() == 2'000'000 + 30'000'000 + 233'634);
}
