#ifndef EESIM_TESTS_SIM_TWO_NODE_NETWORK_H
#define EESIM_TESTS_SIM_TWO_NODE_NETWORK_H

// The smallest real ns-3 network the applications and transports can run over: two nodes 10 m
// apart on a point-to-point link (100 Mb/s, 1 ms) with IPv4.
#include <ns3/config.h>
#include <ns3/internet-stack-helper.h>
#include <ns3/ipv4-address-helper.h>
#include <ns3/mobility-helper.h>
#include <ns3/mobility-model.h>
#include <ns3/node-container.h>
#include <ns3/point-to-point-helper.h>
#include <ns3/simulator.h>
#include <ns3/string.h>
#include <ns3/tcp-socket.h>
#include <ns3/uinteger.h>
#include <vector>

namespace eesim::test
{

struct TwoNodeNetwork
{
    ns3::NodeContainer nodes;
    ns3::NetDeviceContainer devices;
    std::vector<ns3::Ipv4Address> addresses;

    TwoNodeNetwork()
    {
        ns3::Config::Reset();
        // Full-size TCP segments, as runs use.
        ns3::Config::SetDefault("ns3::TcpSocket::SegmentSize", ns3::UintegerValue(1448));
        nodes.Create(2);
        ns3::MobilityHelper mobility;
        mobility.Install(nodes);
        nodes.Get(1)->GetObject<ns3::MobilityModel>()->SetPosition(ns3::Vector(10, 0, 0));
        ns3::PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", ns3::StringValue("100Mbps"));
        link.SetChannelAttribute("Delay", ns3::StringValue("1ms"));
        devices = link.Install(nodes);
        ns3::InternetStackHelper internet;
        internet.Install(nodes);
        ns3::Ipv4AddressHelper ipv4("10.1.0.0", "255.255.255.0");
        const auto interfaces = ipv4.Assign(devices);
        addresses = { interfaces.GetAddress(0), interfaces.GetAddress(1) };
    }
    ~TwoNodeNetwork() { ns3::Simulator::Destroy(); }
    TwoNodeNetwork(const TwoNodeNetwork&) = delete;
    TwoNodeNetwork& operator=(const TwoNodeNetwork&) = delete;
};

} // namespace eesim::test

#endif
