// Whole runs of small scenarios: outputs, the equalities with offline evaluation, bytes on the
// wire, distance, and determinism.
#include "nn/dataset.h"
#include "nn/loss.h"
#include "nn/model-file.h"
#include "sim/scenario/scenario.h"
#include "sim/simulation.h"
#include "tests/sim/simulation-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

using namespace eesim;
using eesim::test::ReadFile;
using eesim::test::Run;
using eesim::test::Simulate;

namespace
{

/** Device 10 m from the server, segment 0 on the device, the rest on the server. */
nlohmann::json
Document(int count)
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "name": "sim-test",
      "requests": {"count": 0, "rate_per_s": 50, "start_s": 0.5},
      "nodes": [
        {"name": "device", "role": "device", "position_m": [10, 0, 0], "capacity_gflops": 2},
        {"name": "server", "role": "server", "capacity_gflops": 100}
      ],
      "placement": ["source", "server"]
    })");
    doc["requests"]["count"] = count;
    doc["model"] = test::ShippedModel();
    return doc;
}

/** Exit k's offline prediction for a test image. */
int
OfflinePrediction(MultiExitModel& model, const Dataset& data, int sample, int exit)
{
    const auto logits
        = model.ForwardAll(data.Images(sample, 1, model.Preprocessing()), Mode::kInference);
    return ArgMax(logits[std::size_t(exit)], 0);
}

} // namespace

TEST_CASE("a small quickstart-like run answers every request and its outputs parse")
{
    test::TempDir dir;
    const Run run = Simulate(dir, Document(40));
    CHECK(run.summary["requests"]["issued"] == 40);
    CHECK(run.summary["requests"]["completed"] == 40);
    CHECK(run.summary["requests"]["unfinished"] == 0);
    REQUIRE(run.rows.size() == 40);
    CHECK(run.summary["latency_s"]["p50"].get<double>() > 0);
    CHECK(run.summary["provenance"]["model_checksum"] == ModelFile::Checksum(test::ShippedModel()));
    double accuracy = 0;
    for (const auto& row : run.rows)
    {
        CHECK(std::stod(row.at("latency_s")) > 0);
        accuracy += row.at("correct") == "1" ? 1.0 / 40 : 0.0;
    }
    CHECK(run.summary["accuracy"].get<double>() == Approx(accuracy));
}

TEST_CASE("never-transmit sends no bytes and answers with the first exit, sample by sample")
{
    test::TempDir dir;
    auto doc = Document(60);
    doc["policies"] = { { "transmission", { { "name", "never-transmit" } } } };
    const Run run = Simulate(dir, doc);
    CHECK(run.summary["bytes"]["total"] == 0);
    CHECK(run.summary["transmitted_fraction"] == 0.0);
    MultiExitModel model = ModelFile::Load(test::ShippedModel());
    const Dataset data = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    int offlineCorrect = 0;
    for (const auto& row : run.rows)
    {
        const int sample = std::stoi(row.at("sample"));
        CHECK(row.at("exit") == "0");
        CHECK(std::stoi(row.at("prediction")) == OfflinePrediction(model, data, sample, 0));
        offlineCorrect += OfflinePrediction(model, data, sample, 0) == data.Label(sample) ? 1 : 0;
    }
    CHECK(run.summary["accuracy"].get<double>() == Approx(offlineCorrect / 60.0));
}

TEST_CASE("always-transmit with float32 gives the offline final-exit predictions")
{
    test::TempDir dir;
    const Run run = Simulate(dir, Document(60)); // exit policy none, always-transmit, float32
    MultiExitModel model = ModelFile::Load(test::ShippedModel());
    const Dataset data = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    for (const auto& row : run.rows)
    {
        const int sample = std::stoi(row.at("sample"));
        CHECK(row.at("exit") == "3");
        CHECK(row.at("exit_node") == "1");
        CHECK(std::stoi(row.at("prediction")) == OfflinePrediction(model, data, sample, 3));
    }
}

TEST_CASE("bytes sent are the encoded feature size plus 16 bytes of framing")
{
    test::TempDir dir;
    for (const auto& [encoding, payload] : std::vector<std::pair<std::string, int>>{
             { "float32", 12544 }, { "float16", 6272 }, { "int8", 3136 + 8 } })
    {
        auto doc = Document(10);
        doc["transport"] = { { "encoding", encoding } };
        const Run run = Simulate(dir, doc, encoding);
        INFO(encoding);
        for (const auto& row : run.rows)
        {
            CHECK(std::stoi(row.at("feature_bytes")) == payload + 16);
            CHECK(std::stoi(row.at("result_bytes")) == 16);
        }
        CHECK(run.summary["bytes"]["features"] == 10 * (payload + 16));
    }
}

TEST_CASE("latency grows when the device is farther from the server")
{
    test::TempDir dir;
    auto near = Document(30);
    auto far = Document(30);
    far["nodes"][0]["position_m"] = { 60, 0, 0 };
    const Run a = Simulate(dir, near, "near");
    const Run b = Simulate(dir, far, "far");
    auto meanNetwork = [](const Run& run)
    {
        double sum = 0;
        for (const auto& row : run.rows)
        {
            sum += std::stod(row.at("network_s"));
        }
        return sum / double(run.rows.size());
    };
    INFO("near " << meanNetwork(a) << " s, far " << meanNetwork(b) << " s");
    CHECK(meanNetwork(b) > 1.5 * meanNetwork(a));
    CHECK(b.summary["latency_s"]["mean"].get<double>()
          > a.summary["latency_s"]["mean"].get<double>());
}

TEST_CASE("two runs with one seed are byte-identical, another seed draws other images")
{
    test::TempDir dir;
    auto doc = Document(30);
    doc["policies"]
        = { { "exit", { { "name", "confidence" }, { "params", { { "threshold", 0.9 } } } } } };
    Simulate(dir, doc, "a");
    Simulate(dir, doc, "b");
    CHECK(ReadFile(dir.File("a/requests.csv")) == ReadFile(dir.File("b/requests.csv")));
    CHECK(ReadFile(dir.File("a/summary.json")) == ReadFile(dir.File("b/summary.json")));
    doc["seed"] = 2;
    const Run other = Simulate(dir, doc, "c");
    CHECK(ReadFile(dir.File("a/requests.csv")) != ReadFile(dir.File("c/requests.csv")));
}

TEST_CASE("over UDP, bytes sent add a 12-byte header per fragment of at most 1400 bytes")
{
    test::TempDir dir;
    auto doc = Document(10);
    doc["transport"] = { { "protocol", "udp" }, { "answer_timeout_ms", 500 } };
    const Run run = Simulate(dir, doc);
    const int message = 12544 + 16; // 9 fragments
    for (const auto& row : run.rows)
    {
        if (row.at("timed_out") == "0")
        {
            CHECK(std::stoi(row.at("feature_bytes")) == message + 9 * 12);
            CHECK(std::stoi(row.at("result_bytes")) == 16 + 12);
        }
    }
    CHECK(run.summary["requests"]["timed_out"].get<int>() < 3);
}

TEST_CASE("out of range, the answer timeout falls back to the device's exit")
{
    test::TempDir dir;
    auto doc = Document(20);
    doc["nodes"][0]["position_m"] = { 75, 0, 0 }; // beyond reach of the access point
    doc["transport"] = { { "protocol", "udp" }, { "answer_timeout_ms", 200 } };
    const Run run = Simulate(dir, doc);
    CHECK(run.summary["requests"]["completed"] == 20);
    CHECK(run.summary["requests"]["timed_out"] == 20);
    MultiExitModel model = ModelFile::Load(test::ShippedModel());
    const Dataset data = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    // Any wait for the device, segment 0 and its exit head at its 2 GFLOP/s, then the 200 ms
    // timeout; the columns have nanosecond resolution.
    const double compute = double(model.SegmentFlops(0) + model.ExitFlops(0)) / 2e9;
    for (const auto& row : run.rows)
    {
        CHECK(row.at("exit") == "0");
        CHECK(row.at("timed_out") == "1");
        CHECK(std::stod(row.at("compute_s_0")) == Approx(compute).margin(1e-9));
        CHECK(std::stod(row.at("latency_s"))
              == Approx(std::stod(row.at("queue_s_0")) + compute + 0.2).margin(2e-9));
        CHECK(std::stoi(row.at("prediction"))
              == OfflinePrediction(model, data, std::stoi(row.at("sample")), 0));
    }
}

TEST_CASE("without a timeout, requests that cannot get through are counted unfinished")
{
    test::TempDir dir;
    auto doc = Document(5);
    doc["nodes"][0]["position_m"] = { 75, 0, 0 };
    doc["stop_time_s"] = 10;
    const Run run = Simulate(dir, doc);
    CHECK(run.summary["requests"]["issued"] == 5);
    CHECK(run.summary["requests"]["completed"] == 0);
    CHECK(run.summary["requests"]["unfinished"] == 5);
    CHECK(run.rows.empty());
}

TEST_CASE("with duration_s, devices stop issuing when the period ends")
{
    test::TempDir dir;
    auto doc = Document(1000);
    doc["requests"]["arrival"] = "periodic";
    doc["requests"]["rate_per_s"] = 10;
    doc["requests"]["duration_s"] = 2.05;
    const Run run = Simulate(dir, doc);
    // Periodic arrivals at 0.6, 0.7, ..., 2.5 s: twenty within start_s (0.5 s) + 2.05 s.
    CHECK(run.summary["requests"]["issued"] == 20);
    CHECK(run.summary["requests"]["completed"] == 20);
}

TEST_CASE("work still queued when a request times out is done for nothing, and ignored")
{
    test::TempDir dir;
    auto doc = Document(20);
    doc["nodes"][1]["capacity_gflops"] = 0.01; // the server needs ~0.7 s per request
    doc["transport"] = { { "answer_timeout_ms", 50 } };
    const Run run = Simulate(dir, doc);
    CHECK(run.summary["requests"]["completed"] == 20);
    CHECK(run.summary["requests"]["timed_out"] == 20);
    for (const auto& row : run.rows)
    {
        CHECK(row.at("exit") == "0");
    }
    // The server computed for requests already answered (about 0.75 s each at 0.01 GFLOP/s).
    CHECK(run.summary["nodes"][1]["busy_s"].get<double>() > 0.1);
}

TEST_CASE("FlowMonitor's statistics show the features crossing as TCP segments, none lost")
{
    // The quickstart scenario with output.flow_monitor: the device's TCP flow to the server's
    // port 9000 carries every feature byte plus 40 to 60 bytes of IP and TCP headers per packet.
    test::TempDir dir;
    const std::vector<std::string> sets = { "requests.count=50", "output.flow_monitor=true" };
    const auto summary = test::SimulateShipped(dir, "quickstart", sets).summary;
    const std::string folder = dir.File("run");
    const double features = summary["bytes"]["features"];
    REQUIRE(features > 0);

    std::ifstream in(folder + "/flowmon.xml");
    REQUIRE(in.good());
    const std::string xml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::smatch match;
    const std::regex classifier(
        R"re(<Flow flowId="(\d+)" sourceAddress="10\.1\.0\.1" destinationAddress="10\.1\.0\.2" protocol="6" sourcePort="\d+" destinationPort="9000">)re");
    REQUIRE(std::regex_search(xml, match, classifier));
    const std::regex stats(
        "<Flow flowId=\"" + match[1].str()
        + R"re(" [^>]*txBytes="(\d+)" rxBytes="(\d+)" txPackets="(\d+)" rxPackets="(\d+)" lostPackets="(\d+)")re");
    REQUIRE(std::regex_search(xml, match, stats));
    const double rxBytes = std::stod(match[2].str());
    const double rxPackets = std::stod(match[4].str());
    INFO("features " << features << ", flow " << rxBytes << " bytes in " << rxPackets
                     << " packets");
    CHECK(match[1].str() == match[2].str()); // every byte sent arrived
    CHECK(match[5].str() == "0");
    CHECK(rxBytes >= features + 40 * rxPackets);
    CHECK(rxBytes <= features + 60 * rxPackets);
}

TEST_CASE("every station gets through when its Block Ack setup is answered late")
{
    // Six stations starting together: in these seeds some stations' ADDBA responses came
    // after ns-3's 1 ms default wait, and those stations' frames were then held at the access
    // point for good (ConfigureNs3 waits 50 ms instead). 30 requests each, all answered.
    test::TempDir dir;
    nlohmann::json doc = Document(30);
    doc["model_flops_scale"] = 20;
    doc["requests"]["rate_per_s"] = 40;
    doc["requests"]["start_s"] = 1;
    doc["policies"]["exit"]["name"] = "none";
    doc["nodes"] = { { { "name", "server" }, { "role", "server" }, { "profile", "edge-server" } } };
    for (int i = 0; i < 6; ++i)
    {
        doc["nodes"].push_back({ { "name", "dev" + std::to_string(i) },
                                 { "role", "device" },
                                 { "profile", "raspberry-pi-4" },
                                 { "position_m", { 5 + i, 3, 0 } } });
    }
    for (const auto& [protocol, seed] : { std::pair<std::string, int>{ "tcp", 3 }, { "tcp", 4 }, { "udp", 1 } })
    {
        INFO(protocol << ", seed " << seed);
        doc["transport"]["protocol"] = protocol;
        doc["seed"] = seed;
        const Run run = Simulate(dir, doc, protocol + std::to_string(seed));
        CHECK(run.summary["requests"]["completed"] == 180);
    }
}
