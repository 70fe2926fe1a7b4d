// What TopologyBuilder sets up for many devices: ARP entries for the pairs that talk only, and
// the stations' first association spread over wifi.association_spread_s.
#include "sim/scenario/scenario-links.h"
#include "sim/topology/topology-builder.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ns3/arp-cache.h>
#include <ns3/ipv4-interface.h>
#include <ns3/ipv4-l3-protocol.h>
#include <ns3/simulator.h>
#include <ns3/sta-wifi-mac.h>
#include <ns3/wifi-net-device.h>

using namespace eesim;

namespace
{

/** Three phones (the third only computes: it issues no requests) around an edge server;
 *  segment 0 on the requesting phone, segment 1 on the third phone, the rest on the server. */
Scenario
ThreePhones(const test::TempDir& dir, const std::vector<std::string>& sets)
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "nodes": [
        {"name": "a", "role": "device", "position_m": [10, 0, 0]},
        {"name": "b", "role": "device", "position_m": [0, 10, 0]},
        {"name": "helper", "role": "device", "position_m": [-10, 0, 0], "issues_requests": false},
        {"name": "edge", "role": "server"}
      ],
      "placement": ["source", "helper", "edge"]
    })");
    doc["model"] = test::ShippedModel();
    std::ofstream(dir.File("s.json")) << doc.dump();
    return LoadScenario(dir.File("s.json"), sets);
}

/** Whether node `from`'s ARP cache knows node `to`'s address. */
bool
Knows(const Topology& topology, int from, int to)
{
    auto ipv4 = topology.nodes.Get(uint32_t(from))->GetObject<ns3::Ipv4L3Protocol>();
    auto device = topology.devices.Get(uint32_t(from));
    auto cache = ipv4->GetInterface(uint32_t(ipv4->GetInterfaceForDevice(device)))->GetArpCache();
    return cache->Lookup(topology.addresses[std::size_t(to)]) != nullptr;
}

ns3::Ptr<ns3::StaWifiMac>
Station(const Topology& topology, int node)
{
    auto device = ns3::DynamicCast<ns3::WifiNetDevice>(topology.devices.Get(uint32_t(node)));
    return ns3::DynamicCast<ns3::StaWifiMac>(device->GetMac());
}

double
ScanSeconds(const Topology& topology, int node)
{
    ns3::TimeValue dwell;
    Station(topology, node)->GetAttribute("WaitBeaconTimeout", dwell);
    return dwell.Get().GetSeconds();
}

} // namespace

TEST_CASE("request node groups: each requesting device with the nodes its requests visit")
{
    test::TempDir dir;
    const Scenario s = ThreePhones(dir, {});
    CHECK(RequestNodeGroups(s) == std::vector<std::vector<int>>{ { 0, 2, 3 }, { 1, 2, 3 } });
}

TEST_CASE("topology: ARP entries for the pairs that exchange messages, both ways, and no others")
{
    test::TempDir dir;
    const Scenario s = ThreePhones(dir, {});
    const Topology topology = TopologyBuilder::Build(s, dir.File("run"));
    for (const auto& [from, to] : std::vector<std::pair<int, int>>{
             { 0, 2 }, { 2, 0 }, { 0, 3 }, { 3, 0 }, { 1, 2 }, { 2, 1 }, { 2, 3 }, { 3, 2 } })
    {
        CHECK(Knows(topology, from, to));
    }
    // The two requesting phones never talk to each other.
    CHECK_FALSE(Knows(topology, 0, 1));
    CHECK_FALSE(Knows(topology, 1, 0));
    ns3::Simulator::Destroy();
}

TEST_CASE("topology: a station's ARP entries are filled again when it associates")
{
    test::TempDir dir;
    const Scenario s = ThreePhones(dir, {});
    const Topology topology = TopologyBuilder::Build(s, dir.File("run"));
    // ns-3 empties a station's cache when its link comes up, at association (~0.12 s).
    ns3::Simulator::Stop(ns3::Seconds(0.5));
    ns3::Simulator::Run();
    REQUIRE(topology.devices.Get(0)->IsLinkUp());
    CHECK(Knows(topology, 0, 2));
    CHECK(Knows(topology, 0, 3));
    CHECK(Knows(topology, 2, 1));
    CHECK_FALSE(Knows(topology, 0, 1));
    ns3::Simulator::Destroy();
}

TEST_CASE("topology: association_spread_s spreads the stations' first association requests")
{
    test::TempDir dir;
    const Scenario s = ThreePhones(dir, { "wifi.association_spread_s=0.3" });
    const Topology topology = TopologyBuilder::Build(s, dir.File("run"));
    // ns-3's 120 ms, plus k/3 of 0.3 s for station k.
    CHECK(ScanSeconds(topology, 0) == Approx(0.12));
    CHECK(ScanSeconds(topology, 1) == Approx(0.22));
    CHECK(ScanSeconds(topology, 2) == Approx(0.32));
    std::vector<double> associated(3, -1.0);
    for (int k = 0; k < 3; ++k)
    {
        Station(topology, k)
            ->TraceConnectWithoutContext("Assoc", ns3::Callback<void, ns3::Mac48Address>(
                                                      [&associated, k](ns3::Mac48Address) {
                                                          associated[std::size_t(k)]
                                                              = ns3::Simulator::Now().GetSeconds();
                                                      }));
    }
    ns3::Simulator::Stop(ns3::Seconds(1));
    ns3::Simulator::Run();
    for (int k = 0; k < 3; ++k)
    {
        // Each associates within a few milliseconds of its own request, one at a time.
        CHECK(associated[std::size_t(k)] > 0.12 + 0.1 * k);
        CHECK(associated[std::size_t(k)] < 0.13 + 0.1 * k);
        // Once associated, a station scans as long as ns-3's default again.
        CHECK(ScanSeconds(topology, k) == Approx(0.12));
    }
    ns3::Simulator::Destroy();
}

TEST_CASE("topology: without association_spread_s every station scans ns-3's 120 ms")
{
    test::TempDir dir;
    const Scenario s = ThreePhones(dir, {});
    const Topology topology = TopologyBuilder::Build(s, dir.File("run"));
    for (int k = 0; k < 3; ++k)
    {
        CHECK(ScanSeconds(topology, k) == Approx(0.12));
    }
    ns3::Simulator::Destroy();
}
