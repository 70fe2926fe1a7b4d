// The DistrEE setting: three heterogeneous devices in a chain with fluctuating compute.
#include "nn/model-file.h"
#include "sim/scenario/scenario.h"
#include "sim/simulation.h"
#include "tests/sim/simulation-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

nlohmann::json
RunDistree(const test::TempDir& dir, std::vector<std::string> sets, const std::string& name)
{
    sets.push_back("requests.count=200");
    return test::SimulateShipped(dir, "distree-3dev", sets, name).summary;
}

/** Every request to the end at constant capacity, each stage taking exactly its latency:
 *  1, 2, 3 and 4 ms for the four segments (the camera, the phone, the Jetson twice). */
nlohmann::json
RunFixedLatencies(const test::TempDir& dir, const std::string& rate, const std::string& name)
{
    return RunDistree(dir,
                      { R"(policies.exit={"name":"none"})", "segment_latency_ms=[1,2,3,4]",
                        "requests.arrival=periodic", "requests.rate_per_s=" + rate,
                        R"(nodes.0.fluctuation={"model":"constant"})",
                        R"(nodes.1.fluctuation={"model":"constant"})",
                        R"(nodes.2.fluctuation={"model":"constant"})" },
                      name);
}

} // namespace

TEST_CASE("threshold 0 exits every request at the first exit, saving 1 - its share")
{
    test::TempDir dir;
    const auto summary = RunDistree(
        dir, { R"(policies.exit={"name":"confidence","params":{"threshold":0}})" }, "zero");
    CHECK(summary["requests"]["completed"] == 200);
    CHECK(summary["exit_histogram"][0] == 200);
    CHECK(summary["bytes"]["features"] == 0); // nothing leaves the camera
    MultiExitModel model = ModelFile::Load(test::ShippedModel());
    double full = 0;
    for (std::size_t k = 0; k < 4; ++k)
    {
        full += double(model.SegmentFlops(k) + model.ExitFlops(k));
    }
    const double first = double(model.SegmentFlops(0) + model.ExitFlops(0));
    CHECK(summary["computation"]["saved"].get<double>() == Approx(1 - first / full).epsilon(1e-6));
}

TEST_CASE("an unreachable threshold runs every request to the end, saving nothing")
{
    test::TempDir dir;
    const auto summary = RunDistree(
        dir, { R"(policies.exit={"name":"entropy","params":{"threshold":0}})" }, "never");
    CHECK(summary["requests"]["completed"] == 200);
    CHECK(summary["exit_histogram"][3] == 200);
    CHECK(summary["computation"]["saved"].get<double>() == Approx(0).margin(1e-9));
}

TEST_CASE("under a tight deadline, deadline-aware hits it more often than plain confidence")
{
    test::TempDir dir;
    const std::string deadline = "requests.deadline_ms=60";
    const auto plain = RunDistree(
        dir, { deadline, R"(policies.exit={"name":"confidence","params":{"threshold":0.9}})" },
        "plain");
    const auto aware
        = RunDistree(dir,
                     { deadline, R"(policies.exit={"name":"deadline-aware","params":{"inner":)"
                                 R"({"name":"confidence","params":{"threshold":0.9}}}})" },
                     "aware");
    const double plainHits = plain["deadline"]["hit_rate"];
    const double awareHits = aware["deadline"]["hit_rate"];
    INFO("confidence " << plainHits << ", deadline-aware " << awareHits);
    CHECK(awareHits > plainHits + 0.02);
}

TEST_CASE("the fluctuating devices report utilization and energy from their profiles")
{
    test::TempDir dir;
    const auto summary = RunDistree(dir, {}, "default");
    REQUIRE(summary["nodes"].size() == 3);
    for (const auto& node : summary["nodes"])
    {
        INFO(node.dump());
        CHECK(node["utilization"].get<double>() > 0);
        // At least idle power over the whole run (every profile here has idle power > 0).
        CHECK(node["energy_j"].get<double>() > summary["simulated_s"].get<double>() * 0.5);
    }
    CHECK(summary["nodes"][0]["profile"] == "raspberry-pi-4");
    CHECK(summary.contains("deadline"));
}

TEST_CASE("segment costs can be set as FLOPs or as measured latencies")
{
    test::TempDir dir;
    const auto timed = RunFixedLatencies(dir, "1", "latency");
    // Compute alone is 10 ms; the rest is the three Wi-Fi hops and the result's return.
    CHECK(timed["latency_s"]["p50"].get<double>() > 0.010);
    CHECK(timed["latency_s"]["p50"].get<double>() < 0.030);
    CHECK(timed["nodes"][0]["busy_s"].get<double>() == Approx(200 * 0.001).epsilon(1e-6));
    CHECK(timed["nodes"][2]["busy_s"].get<double>() == Approx(200 * 0.007).epsilon(1e-6));

    test::TempDir other;
    CHECK_THROWS_WITH(RunDistree(other, { "segment_flops=[1e6,1e6]" }, "bad"),
                      Catch::Contains("/segment_flops: expected one value per segment (4), got 2"));
}

TEST_CASE("node and device energy are each state's power times its time, from the profiles")
{
    // Fixed segment latencies at constant capacity: the camera computes 1 ms per request, the
    // phone 2 ms, the Jetson 3 + 4 ms, for 200 requests. The profiles' powers (README device
    // table), written out here: raspberry-pi-4 2.7 W idle / 6.4 W busy, smartphone 0.5 / 3.5,
    // jetson-nano 1.5 / 7.5.
    test::TempDir dir;
    const auto summary = RunFixedLatencies(dir, "4", "energy");
    REQUIRE(summary["requests"]["completed"] == 200);
    const double total = summary["simulated_s"];
    struct Expected
    {
        double busy, idleWatts, busyWatts;
    };
    const std::vector<Expected> nodes
        = { { 200 * 0.001, 2.7, 6.4 }, { 200 * 0.002, 0.5, 3.5 }, { 200 * 0.007, 1.5, 7.5 } };
    for (std::size_t i = 0; i < nodes.size(); ++i)
    {
        INFO("node " << i);
        const auto& node = summary["nodes"][i];
        CHECK(node["busy_s"].get<double>() == Approx(nodes[i].busy).epsilon(1e-9));
        const double expected
            = nodes[i].busy * nodes[i].busyWatts + (total - nodes[i].busy) * nodes[i].idleWatts;
        CHECK(node["energy_j"].get<double>() == Approx(expected).epsilon(1e-9));
    }
    // The devices' compute energy per request: busy power times each device's service time.
    CHECK(summary["energy"]["device_compute_j_per_request"].get<double>()
          == Approx(0.001 * 6.4 + 0.002 * 3.5 + 0.007 * 7.5).epsilon(1e-9));
    // The Wi-Fi radios: at least idle listening (273 mA at 3 V) for the whole run on each of
    // the three devices, and more, since they send and receive (380 and 313 mA); but little
    // more, as the radios are busy a small fraction of the time (200 requests of a few kB).
    const double idleFloor = 3 * total * 0.273 * 3.0;
    const double radio = summary["energy"]["device_wifi_radio_j"];
    CHECK(radio > idleFloor * 1.0001);
    CHECK(radio < idleFloor * 1.02);
    CHECK(summary["energy"]["device_j_per_request"].get<double>()
          == Approx((0.0659 * 200 + radio) / 200).epsilon(1e-9));
}
