// The FIFO compute queue in simulated time.
#include "sim/compute-queue.h"

#include <catch2/catch.hpp>
#include <ns3/simulator.h>
#include <vector>

using namespace eesim;

TEST_CASE("tasks are served in order at FLOPs / capacity, waiting for the ones before")
{
    ComputeQueue queue(2.0); // 2 GFLOP/s
    std::vector<std::vector<double>> done;
    auto record = [&](double wait, double service) {
        done.push_back({ ns3::Simulator::Now().GetSeconds(), wait, service });
    };
    ns3::Simulator::Schedule(ns3::Seconds(0),
                             [&]
                             {
                                 queue.Submit(2'000'000'000, record); // 1 s
                                 queue.Submit(1'000'000'000, record); // 0.5 s, after the first
                             });
    ns3::Simulator::Schedule(ns3::Seconds(5), [&] { queue.Submit(500'000'000, record); });
    ns3::Simulator::Run();
    REQUIRE(done.size() == 3);
    CHECK(done[0] == std::vector<double>{ 1.0, 0.0, 1.0 });
    CHECK(done[1] == std::vector<double>{ 1.5, 1.0, 0.5 });
    CHECK(done[2][0] == Approx(5.25));
    CHECK(done[2][1] == 0.0); // the queue was idle again
    CHECK(queue.BusySeconds() == Approx(1.75));
    ns3::Simulator::Destroy();
}
