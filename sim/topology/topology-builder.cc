#include "sim/topology/topology-builder.h"

#include "sim/scenario/wifi-support.h"
#include "sim/topology/association-spread.h"
#include "sim/topology/neighbor-caches.h"

#include <ns3/constant-velocity-mobility-model.h>
#include <ns3/double.h>
#include <ns3/internet-stack-helper.h>
#include <ns3/ipv4-address-helper.h>
#include <ns3/mobility-helper.h>
#include <ns3/propagation-delay-model.h>
#include <ns3/ssid.h>
#include <ns3/string.h>
#include <ns3/wifi-helper.h>
#include <ns3/wifi-mac-helper.h>
#include <ns3/yans-wifi-helper.h>

namespace eesim
{

namespace
{

// Fixed random-stream bases: ns-3's automatic stream numbering is not reset between runs.
constexpr int64_t kWifiStreams = 1000;
constexpr int64_t kChannelStreams = 2000;
constexpr int64_t kInternetStreams = 3000;

void
InstallMobility(const Scenario& scenario, ns3::NodeContainer& nodes)
{
    ns3::MobilityHelper mobility;
    mobility.SetMobilityModel("ns3::ConstantVelocityMobilityModel");
    mobility.Install(nodes);
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        const NodeConfig& node = scenario.nodes[i];
        auto model = nodes.Get(uint32_t(i))->GetObject<ns3::ConstantVelocityMobilityModel>();
        model->SetPosition(ns3::Vector(node.positionM[0], node.positionM[1], node.positionM[2]));
        model->SetVelocity(
            ns3::Vector(node.velocityMps[0], node.velocityMps[1], node.velocityMps[2]));
    }
}

ns3::Ptr<ns3::YansWifiChannel>
MakeChannel(LinkChannels& channels)
{
    auto channel = ns3::CreateObject<ns3::YansWifiChannel>();
    channel->SetPropagationDelayModel(ns3::CreateObject<ns3::ConstantSpeedPropagationDelayModel>());
    channel->SetPropagationLossModel(channels.WifiLossChain());
    channel->AssignStreams(kChannelStreams);
    return channel;
}

ns3::YansWifiPhyHelper
MakePhy(const Scenario& scenario, LinkChannels& channels)
{
    ns3::YansWifiPhyHelper phy;
    phy.SetChannel(MakeChannel(channels));
    phy.Set("TxPowerStart", ns3::DoubleValue(scenario.txPowerDbm));
    phy.Set("TxPowerEnd", ns3::DoubleValue(scenario.txPowerDbm));
    phy.Set("RxNoiseFigure", ns3::DoubleValue(channels.WifiNoiseFigureDb()));
    phy.Set("ChannelSettings", ns3::StringValue("{0, " + std::to_string(scenario.channelWidthMhz)
                                                + ", BAND_5GHZ, 0}"));
    phy.SetPcapDataLinkType(ns3::WifiPhyHelper::DLT_IEEE802_11_RADIO);
    return phy;
}

} // namespace

Topology
TopologyBuilder::Build(const Scenario& scenario, const std::string& outputFolder)
{
    Topology topology;
    topology.nodes.Create(uint32_t(scenario.nodes.size()));
    InstallMobility(scenario, topology.nodes);
    topology.channels = std::make_unique<LinkChannels>(scenario, topology.nodes);

    ns3::WifiHelper wifi;
    const WifiSupport support(scenario.wifiStandard);
    wifi.SetStandard(support.Standard());
    if (scenario.rateControl == "minstrel-ht")
    {
        wifi.SetRemoteStationManager("ns3::MinstrelHtWifiManager");
    }
    else if (scenario.rateControl == "ideal")
    {
        wifi.SetRemoteStationManager("ns3::IdealWifiManager");
    }
    else
    {
        wifi.SetRemoteStationManager("ns3::ConstantRateWifiManager", "DataMode",
                                     ns3::StringValue(support.ModeName(scenario.constantMcs)));
    }
    ns3::YansWifiPhyHelper phy = MakePhy(scenario, *topology.channels);
    ns3::WifiMacHelper mac;
    const ns3::Ssid ssid("eesim");
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        if (scenario.adhoc)
        {
            mac.SetType("ns3::AdhocWifiMac");
        }
        else if (scenario.nodes[i].isServer)
        {
            mac.SetType("ns3::ApWifiMac", "Ssid", ns3::SsidValue(ssid));
        }
        else
        {
            mac.SetType("ns3::StaWifiMac", "Ssid", ns3::SsidValue(ssid));
        }
        topology.devices.Add(wifi.Install(phy, mac, topology.nodes.Get(uint32_t(i))));
    }
    wifi.AssignStreams(topology.devices, kWifiStreams);
    AssociationSpread::Apply(scenario, topology.devices);
    topology.channels->MonitorWifi(topology.devices);
    topology.channels->InstallFeatureLinks();

    ns3::InternetStackHelper internet;
    internet.Install(topology.nodes);
    internet.AssignStreams(topology.nodes, kInternetStreams);
    ns3::Ipv4AddressHelper addresses("10.1.0.0", "255.255.0.0");
    const ns3::Ipv4InterfaceContainer interfaces = addresses.Assign(topology.devices);
    for (uint32_t i = 0; i < interfaces.GetN(); ++i)
    {
        topology.addresses.push_back(interfaces.GetAddress(i));
    }
    // Pre-filled ARP caches, for the pairs that talk only (see neighbor-caches.h).
    PopulateNeighborCaches(scenario, interfaces);
    // Link types with IP devices of their own address, route and attach them now.
    topology.channels->InstallLinkIp();

    if (scenario.pcap)
    {
        phy.EnablePcap(outputFolder + "/wifi", topology.devices);
    }
    return topology;
}

} // namespace eesim
