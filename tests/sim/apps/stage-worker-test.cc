// The stage worker on a real two-node network, executing the shipped model on test images.
#include "sim/transport/tcp-message-transport.h"
#include "tests/sim/apps/app-bench.h"

#include <catch2/catch.hpp>
#include <ns3/boolean.h>
#include <ns3/string.h>
#include <ns3/uinteger.h>

using namespace eesim;
using eesim::test::AppBench;

namespace
{

nlohmann::json
WithExitPolicy(const std::string& name, double threshold = 0)
{
    nlohmann::json exit = { { "name", name } };
    if (name != "none")
    {
        exit["params"] = { { "threshold", threshold } };
    }
    return { { "policies", { { "exit", exit } } } };
}

} // namespace

TEST_CASE("stage worker: a segment runs the model on the request's image and exits there")
{
    AppBench bench(WithExitPolicy("confidence", 0.0)); // every exit is confident enough
    auto helper = bench.Workers();
    helper.SetAttribute("BusyPower", ns3::DoubleValue(2.0));
    const auto device = bench.InstallWorker(helper, 0);
    bench.IssueAt(0.5, 17, device);
    bench.Run(10);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 1);
    const auto& row = rows[0];
    CHECK(row.at("sample") == "17");
    CHECK(row.at("exit") == "0");
    CHECK(row.at("exit_node") == "0");
    CHECK(std::stoi(row.at("prediction")) == bench.OfflinePrediction(17, 0));
    CHECK(row.at("transmitted") == "0");
    CHECK(row.at("decisions") == "0:exit");
    // Segment 0 with its exit head: 260288 + 62730 FLOPs at 1 GFLOP/s, on an idle queue.
    CHECK(row.at("flops") == "323018");
    CHECK(row.at("queue_s_0") == "0");
    CHECK(row.at("compute_s_0") == "0.000323018");
    CHECK(row.at("latency_s") == "0.000323018");
    CHECK(std::stod(row.at("device_compute_j")) == Approx(2.0 * 323018e-9));
}

TEST_CASE("stage worker: features cross to the next node's worker, which answers over the link")
{
    AppBench bench(WithExitPolicy("none"));
    auto helper = bench.Workers();
    const auto device = bench.InstallWorker(helper, 0);
    helper.SetAttribute("IsDevice", ns3::BooleanValue(false));
    bench.InstallWorker(helper, 1);
    bench.IssueAt(0.5, 3, device);
    bench.Run(10);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 1);
    const auto& row = rows[0];
    CHECK(row.at("exit") == "3");
    CHECK(row.at("exit_node") == "1");
    // float32 features are exact, so the answer is the model's own.
    CHECK(std::stoi(row.at("prediction")) == bench.OfflinePrediction(3, 3));
    CHECK(row.at("transmitted") == "1");
    CHECK(row.at("decisions") == "0:continue 0:transmit 1:continue 2:continue 3:exit");
    CHECK(row.at("feature_bytes") == "12560"); // 16x14x14 float32 and the 16-byte header
    CHECK(row.at("result_bytes") == "16");
    CHECK(row.at("flops") == "7774792");           // every segment and exit head
    CHECK(std::stod(row.at("network_s")) > 0.001); // the link's 1 ms and 12560 bytes
    CHECK(std::stod(row.at("result_s")) > 0.001);
    // The server's work is not charged to the device.
    CHECK(std::stod(row.at("compute_s_1")) == Approx(1854954 / 10e9));
    CHECK(bench.ledger.Completed() == 1);
}

TEST_CASE("stage worker: a transmission decision to keep answers with the early exit")
{
    nlohmann::json overrides = WithExitPolicy("none");
    overrides["policies"]["transmission"] = { { "name", "never-transmit" } };
    AppBench bench(overrides);
    auto helper = bench.Workers();
    const auto device = bench.InstallWorker(helper, 0);
    bench.InstallWorker(helper, 1);
    bench.IssueAt(0.5, 5, device);
    bench.Run(10);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("exit") == "0");
    CHECK(rows[0].at("decisions") == "0:continue 0:keep");
    CHECK(rows[0].at("transmitted") == "0");
    CHECK(rows[0].at("feature_bytes") == "0");
    CHECK(std::stoi(rows[0].at("prediction")) == bench.OfflinePrediction(5, 0));
}

TEST_CASE("stage worker: a task that finds the compute queue full loses its request")
{
    AppBench bench(nlohmann::json::parse(R"({"nodes": [
        {"name": "device", "role": "device", "position_m": [10, 0, 0], "capacity_gflops": 1,
         "queue_limit": 1},
        {"name": "server", "role": "server", "capacity_gflops": 10}],
      "policies": {"exit": {"name": "confidence", "params": {"threshold": 0}}}})"));
    auto helper = bench.Workers();
    const auto device = bench.InstallWorker(helper, 0);
    for (int sample : { 1, 2, 3 }) // one in service, one waiting, one refused
    {
        bench.IssueAt(0.5, sample, device);
    }
    bench.Run(10);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].at("request") == "2");
    CHECK(rows[0].at("outcome") == "dropped:queue_full");
    CHECK(rows[0].at("decisions") == "0:queue_full");
    CHECK(rows[1].at("outcome") == "completed");
    CHECK(rows[2].at("outcome") == "completed");
    CHECK(bench.compute[0].Refused() == 1);
}

TEST_CASE("stage worker: a late message for an answered request is ignored")
{
    AppBench bench(WithExitPolicy("none"));
    auto helper = bench.Workers();
    const auto device = bench.InstallWorker(helper, 0);
    // Node 1 runs no worker: a bare transport there plays the server's messages.
    TcpMessageTransport server;
    server.Start(bench.network.nodes.Get(1), 9000, [](WireMessage) {});
    ns3::Simulator::Schedule(ns3::Seconds(0.5),
                             [&]
                             {
                                 // Request 0 is answered (as its timeout would); 1 is in flight.
                                 bench.ledger.Begin(0, 1, bench.data.Label(1), 0.5);
                                 bench.ledger.Begin(0, 2, bench.data.Label(2), 0.5);
                                 bench.ledger.Complete(0, { 0, 0, 4 }, 0.5);
                             });
    auto result = [](std::uint64_t request, int exit, int prediction)
    {
        WireMessage message;
        message.kind = WireMessage::Kind::kResult;
        message.encodingOrExit = std::uint8_t(exit);
        message.segmentOrPrediction = std::uint16_t(prediction);
        message.request = request;
        return message.Serialize();
    };
    ns3::Simulator::Schedule(ns3::Seconds(0.6),
                             [&]
                             {
                                 WireMessage features;
                                 features.kind = WireMessage::Kind::kFeatures;
                                 features.segmentOrPrediction = 1;
                                 features.request = 0;
                                 features.payload.assign(12544, 0);
                                 const auto to = bench.network.addresses[0];
                                 server.Send(to, features.Serialize()); // for request 0: late
                                 server.Send(to, result(0, 3, 9));      // late
                                 server.Send(to, result(1, 3, 6));      // in time
                             });
    bench.Run(10);
    CHECK(bench.compute[0].BusySeconds() == 0.0); // the late features were not computed on
    CHECK(bench.ledger.Completed() == 2);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].at("request") == "0");
    CHECK(rows[0].at("prediction") == "4"); // the first answer stands
    CHECK(rows[1].at("request") == "1");
    CHECK(rows[1].at("exit") == "3");
    CHECK(rows[1].at("exit_node") == "1");
    CHECK(rows[1].at("prediction") == "6");
    server.Stop();
}

TEST_CASE("stage worker: attributes take the documented names and refuse unknown values")
{
    auto worker = ns3::CreateObject<StageWorker>();
    ns3::UintegerValue port;
    worker->GetAttribute("Port", port);
    CHECK(port.Get() == 9000);
    ns3::StringValue protocol;
    worker->GetAttribute("Protocol", protocol);
    CHECK(protocol.Get() == "tcp");
    CHECK(worker->SetAttributeFailSafe("Protocol", ns3::StringValue("udp")));
    CHECK_FALSE(worker->SetAttributeFailSafe("Protocol", ns3::StringValue("sctp")));
    CHECK(worker->SetAttributeFailSafe("Encoding", ns3::StringValue("int8")));
    CHECK_FALSE(worker->SetAttributeFailSafe("Encoding", ns3::StringValue("bfloat16")));
    worker->Dispose();
}
