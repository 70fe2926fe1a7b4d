// The lte link type: encoded bytes over ns-3's LTE uplink (EPC) from UEs to a server behind the
// PGW, the eNB PHY's SINR reports as the links' SNR, and its checks.
#include "nn/model-file.h"
#include "sim/scenario/scenario-links.h"
#include "sim/topology/link-type.h"
#include "sim/topology/lte-links.h"
#include "sim/topology/topology-builder.h"
#include "tests/sim/simulation-support.h"
#include "tests/sim/topology/link-test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <ns3/lte-enb-net-device.h>
#include <ns3/lte-enb-phy.h>
#include <ns3/lte-ue-net-device.h>
#include <ns3/node-list.h>
#include <ns3/simulator.h>

using namespace eesim;

namespace
{

const LinkType&
Lte()
{
    return *LinkTypeRegistry::Global().Find("lte");
}

/** `ues` devices on a ring of 20 m around the server, segment 0 on each device and the rest on
 *  the server across lte links of 6 resource blocks; each device issues `count` requests at 20
 *  per second from 0.5 s. The server computes fast enough that the cell decides the latency. */
nlohmann::json
Cell(int ues, int count, const std::string& transmission = "always-transmit")
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "name": "lte-test",
      "requests": {"arrival": "periodic", "rate_per_s": 20, "start_s": 0.5},
      "placement": ["source", "server"],
      "channel": {"mode": "lte", "lte": {"bandwidth_rb": 6}},
      "transport": {"protocol": "udp", "encoding": "float16", "answer_timeout_ms": 500},
      "policies": {"exit": {"name": "none"}}
    })");
    doc["model"] = test::JsccModel();
    doc["requests"]["count"] = count;
    doc["policies"]["transmission"]
        = { { "name", transmission },
            { "calibration",
              std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.calibration.json" } };
    nlohmann::json nodes = nlohmann::json::array();
    for (int i = 0; i < ues; ++i)
    {
        const double angle = 2 * M_PI * i / ues;
        nodes.push_back({ { "name", "ue" + std::to_string(i) },
                          { "role", "device" },
                          { "position_m", { 20 * std::cos(angle), 20 * std::sin(angle), 1.5 } } });
    }
    nodes.push_back({ { "name", "server" }, { "role", "server" }, { "capacity_gflops", 10000 } });
    doc["nodes"] = nodes;
    return doc;
}

/** `doc` loaded as a user's scenario would be. */
Scenario
Load(const test::TempDir& dir, const nlohmann::json& doc, const std::vector<std::string>& sets = {})
{
    std::ofstream(dir.File("s.json")) << doc.dump();
    return LoadScenario(dir.File("s.json"), sets);
}

/** The latest SINR (dB) the eNBs reported for any UE, caught from the PHY's trace source. */
struct SinrProbe
{
    double lastDb = std::nan("");
    int reports = 0;
    void Note(uint16_t, uint16_t, double sinrLinear, uint8_t)
    {
        lastDb = 10 * std::log10(sinrLinear);
        ++reports;
    }
};

} // namespace

TEST_CASE("lte links: messages on devices of their own, not Wi-Fi")
{
    CHECK(Lte().carrier == LinkCarrier::kMessages);
    CHECK(!Lte().ridesWifi);
}

TEST_CASE("lte links: any model's features may cross, and calibration is the digital one")
{
    const MultiExitModel plain = ModelFile::Load(test::ShippedModel());
    CHECK(Lte().checkLink(plain, ScenarioLink{ 0, 0, 1 }).empty());
    test::TempDir dir;
    const Scenario s = Load(dir, Cell(1, 1), { "transport.encoding=int8" });
    CHECK(Lte().calibrationMode(s) == "digital-int8");
    CHECK(ChannelModeNames(s) == std::vector<std::string>{ "digital-int8" });
}

TEST_CASE("lte links: the settings of channel.lte reach the channel configuration")
{
    test::TempDir dir;
    const Scenario s
        = Load(dir, Cell(2, 1),
               { "channel.lte.scheduler=rr", "channel.lte.ue_tx_power_dbm=10",
                 "channel.lte.pathloss=hybrid-buildings", "channel.lte.backhaul_delay_ms=20",
                 "channel.lte.srs_periodicity_ms=80" });
    const LteConfig& c = s.channel.lte;
    CHECK(c.bandwidthRb == 6);
    CHECK(c.scheduler == "rr");
    CHECK(c.ueTxPowerDbm == 10);
    CHECK(c.enbTxPowerDbm == 30);
    CHECK(c.enbHeightM == 10);
    CHECK(c.pathloss == "hybrid-buildings");
    CHECK(c.srsPeriodicityMs == 80);
    CHECK(c.backhaulDelaySeconds == Approx(0.02));
    CHECK(c.backhaulRateMbps == 10000);
    CHECK(c.rlcBufferBytes == 262144);
}

TEST_CASE("lte links refuse what ns-3 cannot simulate, each in one line")
{
    test::TempDir dir;
    CHECK_THROWS_WITH(Load(dir, Cell(1, 1), { "channel.lte.bandwidth_rb=30" }),
                      Catch::Contains("/channel/lte/bandwidth_rb: expected one of 6, 15, 25, 50, "
                                      "75, 100 (LTE's bandwidths of 1.4 to 20 MHz), got 30"));
    CHECK_THROWS_WITH(Load(dir, Cell(1, 1), { "channel.lte.srs_periodicity_ms=30" }),
                      Catch::Contains("/channel/lte/srs_periodicity_ms: expected one of 2, 5"));
    CHECK_THROWS_WITH(Load(dir, Cell(1, 1), { "channel.lte.scheduler=fair" }),
                      Catch::Contains("/channel/lte/scheduler: expected one of pf, rr"));
    CHECK_THROWS_WITH(Load(dir, Cell(16, 1), { "channel.lte.srs_periodicity_ms=20" }),
                      Catch::Contains("/channel/lte/srs_periodicity_ms: 16 UEs in the cell of "
                                      "server, at most 15 at an SRS period of 20 ms"));
    CHECK_NOTHROW(Load(dir, Cell(15, 1), { "channel.lte.srs_periodicity_ms=20" }));
    CHECK_THROWS_WITH(Load(dir, Cell(1, 1), { "requests.start_s=0.1" }),
                      Catch::Contains("/requests/start_s: lte links need the UEs attached"));
    // Features from the server back to a device: the server is no UE.
    nlohmann::json backwards = Cell(1, 1);
    backwards["placement"] = { "server", "source" };
    CHECK_THROWS_WITH(Load(dir, backwards),
                      Catch::Contains("/channel: the link server -> ue0 is lte, but an lte link "
                                      "goes from a device (a UE) to a server"));
    // A device whose segments run on two servers over lte: it would be a UE of two cells.
    nlohmann::json twoServers = Cell(1, 1);
    twoServers["nodes"].push_back(
        { { "name", "server2" }, { "role", "server" }, { "position_m", { 500, 0, 0 } } });
    twoServers["wifi"]["mode"] = "adhoc";
    twoServers["placement"] = { "source", "server", "source", "server2" };
    twoServers["channel"]["links"]
        = { { { "from", "server" }, { "to", "ue0" }, { "mode", "digital" } } };
    CHECK_THROWS_WITH(Load(dir, twoServers),
                      Catch::Contains("/channel: ue0 has lte links to server and server2, but a UE "
                                      "attaches to one cell: one server per device"));
}

TEST_CASE("lte links install a UE per device and an eNB and EPC after the scenario's nodes")
{
    test::TempDir dir;
    const Scenario s = Load(dir, Cell(2, 1));
    Topology topology = TopologyBuilder::Build(s, dir.Path());
    for (uint32_t i = 0; i < 2; ++i)
    {
        const auto node = topology.nodes.Get(i);
        CHECK(node->GetId() == i);          // the scenario's nodes keep their indices
        REQUIRE(node->GetNDevices() == 3U); // Wi-Fi, LTE, loopback
        CHECK(node->GetDevice(1)->GetObject<ns3::LteUeNetDevice>() != nullptr);
    }
    // SGW, PGW, MME and the eNB follow the scenario's three nodes.
    CHECK(ns3::NodeList::GetNNodes() == 7U);
    CHECK(topology.channels->Address(0, 2) == ns3::Ipv4Address("1.0.0.2")); // the server
    CHECK(topology.channels->Address(2, 1) == ns3::Ipv4Address("7.0.0.3")); // the second UE
    CHECK(!topology.channels->Address(0, 1).has_value()); // no lte link between the UEs
    // No report yet: the link budget's SNR. 23 dBm less the log-distance loss from 20 m away
    // and 1.5 m up to the eNB at 10 m (46.6777 + 30 log10 21.7313 dB) over 6 resource blocks'
    // noise floor with the eNB's 5 dB noise figure (-174 + 10 log10 1.08e6 + 5 dBm).
    const double loss = 46.6777 + 30 * std::log10(std::sqrt(400 + 8.5 * 8.5));
    const double floor = -174 + 10 * std::log10(1.08e6) + 5;
    CHECK(topology.channels->TrueSnrDb(0, 2, 0.0) == Approx(23 - loss - floor).margin(1e-3));
    ns3::Simulator::Destroy();
}

TEST_CASE("lte links: the SNR is the eNB PHY's uplink SINR report")
{
    test::TempDir dir;
    const Scenario s = Load(dir, Cell(1, 1));
    Topology topology = TopologyBuilder::Build(s, dir.Path());
    SinrProbe probe;
    const auto enb = ns3::NodeList::GetNode(ns3::NodeList::GetNNodes() - 1)
                         ->GetDevice(0)
                         ->GetObject<ns3::LteEnbNetDevice>();
    REQUIRE(enb != nullptr);
    enb->GetPhy()->TraceConnectWithoutContext("ReportUeSinr",
                                              ns3::MakeCallback(&SinrProbe::Note, &probe));
    ns3::Simulator::Stop(ns3::Seconds(0.3));
    ns3::Simulator::Run();
    REQUIRE(probe.reports > 0);
    CHECK(topology.channels->TrueSnrDb(0, 1, 0.3) == probe.lastDb);
    CHECK(topology.channels->ReceivedSnrDb(1, 0) == probe.lastDb);
    CHECK(topology.channels->EstimateSnrDb(0, 1) == probe.lastDb); // csi.mode perfect
    ns3::Simulator::Destroy();
}

TEST_CASE("lte links: features cross the uplink as bytes and book the PHY's SINR")
{
    test::TempDir dir;
    const test::Run run = test::Simulate(dir, Cell(2, 5));
    REQUIRE(run.rows.size() == 10U);
    for (const auto& row : run.rows)
    {
        CHECK(std::stod(row.at("feature_bytes")) > 0);
        CHECK(std::isfinite(std::stod(row.at("snr_db"))));
        CHECK(row.at("outcome") == "completed");
        CHECK(row.at("exit_node") == "2"); // the server
    }
    CHECK(run.summary["accuracy"].get<double>() > 0.5);
}

TEST_CASE("lte links: ten UEs sharing the cell wait longer than one")
{
    test::TempDir dir;
    const test::Run one = test::Simulate(dir, Cell(1, 20), "one");
    const test::Run ten = test::Simulate(dir, Cell(10, 20), "ten");
    REQUIRE(one.rows.size() == 20U);
    REQUIRE(ten.rows.size() == 200U);
    const auto figure = [](const test::Run& run, const char* name)
    { return run.summary["latency_s"][name].get<double>(); };
    CHECK(figure(ten, "mean") > 1.5 * figure(one, "mean"));
    CHECK(figure(ten, "p50") > 1.5 * figure(one, "p50"));
}

TEST_CASE("lte links: features the RLC buffer drops leave every request accounted")
{
    // 1624-byte float32 messages into 1024-byte buffers: every one is dropped in the UE's RLC,
    // and each request is answered by its early exit when its answer times out.
    test::TempDir dir;
    const Scenario s = Load(dir, Cell(2, 5),
                            { "channel.lte.rlc_buffer_bytes=1024", "transport.encoding=float32" });
    const test::Run run = test::RunInto(dir, s, "dropped");
    REQUIRE(run.rows.size() == 10U);
    CHECK(run.summary["requests"]["issued"] == 10);
    CHECK(run.summary["requests"]["timed_out"] == 10);
    CHECK(run.summary["requests"]["unfinished"] == 0);
    for (const auto& row : run.rows)
    {
        CHECK(row.at("feature_bytes") != "0");
        CHECK(row.at("timed_out") == "1");
        CHECK(row.at("exit") == "0");
    }
}

TEST_CASE("lte links: transmission decisions see the SINR")
{
    test::TempDir dir;
    const test::Run never = test::Simulate(dir, Cell(2, 5, "never-transmit"), "never");
    for (const auto& row : never.rows)
    {
        CHECK(row.at("feature_bytes") == "0");
        CHECK(row.at("exit_node") == row.at("source"));
    }
    // The policy reads the cell's SINR (csi.mode noisy: the report plus an error).
    const test::Run aware = test::Simulate(dir, Cell(2, 10, "snr-aware"), "aware");
    REQUIRE(aware.rows.size() == 20U);
    int sent = 0;
    for (const auto& row : aware.rows)
    {
        CHECK(std::isfinite(std::stod(row.at("csi_snr_db"))));
        const bool transmitted = row.at("transmitted") == "1";
        sent += transmitted ? 1 : 0;
        CHECK((std::stod(row.at("feature_bytes")) > 0) == transmitted);
    }
    CHECK(sent > 0);
    CHECK(sent < 20);
}

TEST_CASE("lte links: a run repeated in the same process gives the same bytes")
{
    // ns-3's automatic stream numbers and the Config defaults go on from run to run: the fixed
    // stream bases and Config::Reset keep the second run's draws the first's.
    test::TempDir dir;
    nlohmann::json doc = Cell(3, 5);
    doc["channel"]["lte"]["pathloss"] = "hybrid-buildings"; // with shadowing draws
    test::Simulate(dir, doc, "first");
    test::Simulate(dir, doc, "second");
    const std::string first = test::ReadFile(dir.File("first/requests.csv"));
    CHECK(!first.empty());
    CHECK(first == test::ReadFile(dir.File("second/requests.csv")));
}
