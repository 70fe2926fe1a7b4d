// Per-frame SNR of a two-node 802.11ax link against the hand-computed link budget.
#include "base/error.h"
#include "channel/link-budget.h"
#include "channel/wifi-snr-monitor.h"
#include "tests/channel/channel-test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <ns3/double.h>
#include <ns3/internet-stack-helper.h>
#include <ns3/ipv4-address-helper.h>
#include <ns3/string.h>
#include <ns3/udp-client-server-helper.h>
#include <ns3/uinteger.h>
#include <ns3/wifi-helper.h>
#include <ns3/wifi-net-device.h>
#include <ns3/yans-wifi-helper.h>

using namespace eesim;
using eesim::test::NodesAt;
using eesim::test::SimulatorGuard;
using ns3::Seconds;

namespace
{

constexpr double kTxPowerDbm = 20.0;

/** Two 802.11ax ad hoc nodes `distanceM` apart on a 20 MHz 5 GHz channel at HE-MCS 0. */
ns3::NetDeviceContainer
WifiPair(const ns3::NodeContainer& nodes)
{
    ns3::YansWifiChannelHelper channel;
    channel.SetPropagationDelay("ns3::ConstantSpeedPropagationDelayModel");
    channel.AddPropagationLoss("ns3::LogDistancePropagationLossModel", "Exponent",
                               ns3::DoubleValue(3.0), "ReferenceLoss", ns3::DoubleValue(46.6777));
    ns3::YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    phy.Set("ChannelSettings", ns3::StringValue("{36, 20, BAND_5GHZ, 0}"));
    phy.Set("TxPowerStart", ns3::DoubleValue(kTxPowerDbm));
    phy.Set("TxPowerEnd", ns3::DoubleValue(kTxPowerDbm));
    ns3::WifiHelper wifi;
    wifi.SetStandard(ns3::WIFI_STANDARD_80211ax);
    wifi.SetRemoteStationManager("ns3::ConstantRateWifiManager", "DataMode",
                                 ns3::StringValue("HeMcs0"), "ControlMode",
                                 ns3::StringValue("OfdmRate6Mbps"));
    ns3::WifiMacHelper mac;
    mac.SetType("ns3::AdhocWifiMac");
    ns3::NetDeviceContainer devices = wifi.Install(phy, mac, nodes);
    wifi.AssignStreams(devices, 100);
    return devices;
}

/** UDP packets from node 0 to node 1, 20 per second for one second. */
void
SendUdp(const ns3::NodeContainer& nodes, const ns3::NetDeviceContainer& devices)
{
    ns3::InternetStackHelper internet;
    internet.Install(nodes);
    ns3::Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    ns3::Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    ns3::UdpServerHelper server(9);
    server.Install(nodes.Get(1)).Start(Seconds(0));
    ns3::UdpClientHelper client(interfaces.GetAddress(1), 9);
    client.SetAttribute("MaxPackets", ns3::UintegerValue(20));
    client.SetAttribute("Interval", ns3::TimeValue(ns3::MilliSeconds(50)));
    client.SetAttribute("PacketSize", ns3::UintegerValue(500));
    client.Install(nodes.Get(0)).Start(Seconds(0.1));
}

ns3::Mac48Address
MacOf(ns3::Ptr<ns3::NetDevice> device)
{
    return ns3::Mac48Address::ConvertFrom(device->GetAddress());
}

} // namespace

TEST_CASE("wifi snr monitor: per-frame SNR matches transmit power minus log-distance loss")
{
    SimulatorGuard guard;
    const double distance = 30.0;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { distance, 0, 0 } });
    ns3::NetDeviceContainer devices = WifiPair(nodes);
    WifiSnrMonitor monitor;
    monitor.Install(devices);
    // 802.11ax sends data as single-MPDU A-MPDUs: the monitor must read through the delimiter.
    int subframes = 0;
    ns3::DynamicCast<ns3::WifiNetDevice>(devices.Get(1))
        ->GetPhy()
        ->TraceConnectWithoutContext(
            "MonitorSnifferRx",
            ns3::Callback<void, ns3::Ptr<const ns3::Packet>, uint16_t, ns3::WifiTxVector,
                          ns3::MpduInfo, ns3::SignalNoiseDbm, uint16_t>(
                [&](ns3::Ptr<const ns3::Packet>, uint16_t, ns3::WifiTxVector, ns3::MpduInfo mpdu,
                    ns3::SignalNoiseDbm, uint16_t)
                { subframes += mpdu.type != ns3::NORMAL_MPDU; }));
    SendUdp(nodes, devices);
    ns3::Simulator::Stop(Seconds(1.5));
    ns3::Simulator::Run();
    CHECK(subframes >= 20);

    auto phy = ns3::DynamicCast<ns3::WifiNetDevice>(devices.Get(1))->GetPhy();
    // RxNoiseFigure is write-only on the PHY: read its default from the TypeId.
    ns3::TypeId::AttributeInformation info;
    REQUIRE(ns3::WifiPhy::GetTypeId().LookupAttributeByName("RxNoiseFigure", &info));
    const double noiseFigure = ns3::DynamicCast<const ns3::DoubleValue>(info.initialValue)->Get();
    CHECK(noiseFigure == 7.0);
    CHECK(phy->GetChannelWidth() == 20);
    // 20 dBm - (46.6777 + 30 log10(30)) - (-174 + 10 log10(20e6) + 7) = 23.00 dB.
    const double expected = kTxPowerDbm - (46.6777 + 30.0 * std::log10(distance))
                            - LinkBudget::NoiseFloorDbm(20e6, noiseFigure);
    CHECK(expected == Approx(22.998).margin(1e-3));

    const std::uint32_t sender = nodes.Get(0)->GetId();
    const std::uint32_t receiver = nodes.Get(1)->GetId();
    const double forward = monitor.LastSnrDb(receiver, MacOf(devices.Get(0)));
    CHECK(forward == Approx(expected).margin(1.0));
    CHECK(monitor.FrameCount(receiver, MacOf(devices.Get(0))) >= 20); // data frames + ARP
    CHECK(monitor.LastTime(receiver, MacOf(devices.Get(0))) > Seconds(1.0));
    // The other direction (ARP reply, block-ack handshake) sees the same loss.
    CHECK(monitor.LastSnrDb(sender, MacOf(devices.Get(1))) == Approx(expected).margin(1.0));
    // Nobody hears itself, and unknown pairs read NaN.
    CHECK(std::isnan(monitor.LastSnrDb(receiver, MacOf(devices.Get(1)))));
    CHECK(monitor.FrameCount(receiver, MacOf(devices.Get(1))) == 0);
    CHECK(std::isnan(monitor.LastSnrDb(77, MacOf(devices.Get(0)))));
}

TEST_CASE("wifi snr monitor: SNR falls by 30 dB per decade of distance")
{
    double snr[2] = {};
    const double distances[2] = { 5.0, 50.0 };
    for (int i = 0; i < 2; ++i)
    {
        SimulatorGuard guard;
        ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 0, distances[i], 0 } });
        ns3::NetDeviceContainer devices = WifiPair(nodes);
        WifiSnrMonitor monitor;
        monitor.Install(devices.Get(1));
        SendUdp(nodes, devices);
        ns3::Simulator::Stop(Seconds(1.5));
        ns3::Simulator::Run();
        snr[i] = monitor.LastSnrDb(nodes.Get(1)->GetId(), MacOf(devices.Get(0)));
    }
    // 5 m: 20 - 67.6472 + 93.9897 = 46.34 dB; 50 m: 16.34 dB.
    CHECK(snr[0] == Approx(46.3425).margin(1.0));
    CHECK(snr[1] == Approx(16.3425).margin(1.0));
    CHECK(snr[0] - snr[1] == Approx(30.0).margin(0.5));
}

TEST_CASE("wifi snr monitor: with a list of transmitters records only theirs")
{
    SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 } });
    ns3::NetDeviceContainer devices = WifiPair(nodes);
    WifiSnrMonitor monitor;
    monitor.Install(devices.Get(1), { MacOf(devices.Get(0)) });
    // Node 0 records only frames from an address nobody has: none.
    monitor.Install(devices.Get(0), { ns3::Mac48Address("02:00:00:00:00:99") });
    SendUdp(nodes, devices);
    ns3::Simulator::Stop(Seconds(1.5));
    ns3::Simulator::Run();
    CHECK(monitor.FrameCount(nodes.Get(1)->GetId(), MacOf(devices.Get(0))) >= 20);
    CHECK(monitor.FrameCount(nodes.Get(0)->GetId(), MacOf(devices.Get(1))) == 0);
    CHECK(std::isnan(monitor.LastSnrDb(nodes.Get(0)->GetId(), MacOf(devices.Get(1)))));
}

TEST_CASE("wifi snr monitor: refuses devices that are not Wi-Fi")
{
    WifiSnrMonitor monitor;
    CHECK_THROWS_AS(monitor.Install(ns3::Ptr<ns3::NetDevice>()), Error);
}
