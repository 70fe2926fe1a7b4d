// Goodput, transfer and next-exit estimates over real compute queues, for the shipped model
// (segment 1: 1823584 + 31370 FLOPs; segment 2: 1812608 + 13258; segment 0's output 16x14x14).
#include "nn/model-file.h"
#include "sim/run/link-estimator.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <ns3/simulator.h>

using namespace eesim;

namespace
{

/** A device (1 GFLOP/s) whose requests run segment 0, and a server (10 GFLOP/s) for the rest. */
struct Bench
{
    MultiExitModel model = ModelFile::Load(test::ShippedModel());
    Scenario scenario;
    std::vector<ComputeQueue> compute;
    ns3::NodeContainer nodes;
    std::unique_ptr<LinkChannels> channels;
    std::unique_ptr<CostModel> costs;
    std::unique_ptr<LinkEstimator> estimator;

    Bench()
    {
        // Built by hand, so the values the key table would fill in are set here.
        scenario.flopsScale = 1;
        NodeConfig device;
        device.capacityGflops = 1;
        device.issuesRequests = true;
        NodeConfig server;
        server.isServer = true;
        server.capacityGflops = 10;
        scenario.nodes = { device, server };
        scenario.placement = { -1, 1, 1, 1 };
        // The link's type says whether it carries symbols, and at what rate.
        scenario.channel.defaultLinkType = "digital";
        scenario.channel.symbolRate = 1e6;
        nodes.Create(2);
        channels = std::make_unique<LinkChannels>(scenario, nodes);
        compute.emplace_back(1.0);
        compute.emplace_back(10.0);
        costs = std::make_unique<CostModel>(scenario, model);
        estimator = std::make_unique<LinkEstimator>(model, *costs, compute, *channels,
                                                    FeatureEncoding::kFloat32);
    }
    ~Bench() { ns3::Simulator::Destroy(); }
};

} // namespace

TEST_CASE("link estimator: goodput starts at 100 Mb/s and follows a moving average per link")
{
    Bench bench;
    LinkEstimator& links = *bench.estimator;
    CHECK(links.TransferSecondsEstimate(0, 1, 1'250'000) == Approx(0.1));
    links.ObserveTransfer(0, 1, 1'000'000, 0.1); // 10 MB/s
    CHECK(links.TransferSecondsEstimate(0, 1, 1'000'000) == Approx(0.1));
    links.ObserveTransfer(0, 1, 1'000'000, 0.05); // 20 MB/s: 0.8 x 10 + 0.2 x 20 = 12 MB/s
    CHECK(links.TransferSecondsEstimate(0, 1, 1'200'000) == Approx(0.1));
    links.ObserveTransfer(0, 1, 1'000'000, 0.0); // no measurement
    CHECK(links.TransferSecondsEstimate(0, 1, 1'200'000) == Approx(0.1));
    // The other direction has not been measured.
    CHECK(links.TransferSecondsEstimate(1, 0, 1'250'000) == Approx(0.1));
}

TEST_CASE("link estimator: the next exit is the next node's backlog and service, plus the link")
{
    Bench bench;
    LinkEstimator& links = *bench.estimator;
    // Onward on the server: segment 1 at 10 GFLOP/s, after 12544 bytes at 12.5 MB/s.
    CHECK(links.NextExitSecondsEstimate(0, 1, 1)
          == Approx(1854954 / 10e9 + 12544 / 12.5e6).epsilon(1e-12));
    // Already on the server: segment 2 only, after the work queued there (0.1 s).
    CHECK(links.NextExitSecondsEstimate(1, 1, 2) == Approx(1825866 / 10e9).epsilon(1e-12));
    bench.compute[1].Submit(1'000'000'000, [](double, double) {});
    CHECK(links.NextExitSecondsEstimate(1, 1, 2) == Approx(0.1 + 1825866 / 10e9).epsilon(1e-12));
}

TEST_CASE("link estimator: over an analog link the transfer is the symbols at the symbol rate")
{
    Bench bench;
    bench.scenario.channel.defaultLinkType = "analog"; // read when asked
    CHECK(bench.estimator->NextExitSecondsEstimate(0, 1, 1)
          == Approx(1854954 / 10e9 + 3136 / 1e6).epsilon(1e-12));
}
