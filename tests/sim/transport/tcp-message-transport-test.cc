// Messages over TCP between two real ns-3 nodes.
#include "sim/transport/tcp-message-transport.h"
#include "tests/sim/transport/feature-message.h"
#include "tests/sim/two-node-network.h"

#include <catch2/catch.hpp>
#include <ns3/simulator.h>

using namespace eesim;

TEST_CASE("tcp: messages arrive whole, once and in order, also beyond the socket's buffer")
{
    test::TwoNodeNetwork network;
    TcpMessageTransport sender;
    TcpMessageTransport receiver;
    std::vector<WireMessage> received;
    sender.Start(network.nodes.Get(0), 9000, [](WireMessage) { FAIL("nothing goes back"); });
    receiver.Start(network.nodes.Get(1), 9000,
                   [&](WireMessage message) { received.push_back(std::move(message)); });
    // 400 kB is more than TCP's default send buffer (128 KiB): the rest waits for room.
    const std::vector<std::size_t> sizes = { 10, 400'000, 0, 3000 };
    std::uint64_t sent = 0;
    ns3::Simulator::Schedule(
        ns3::Seconds(0.1),
        [&]
        {
            for (std::size_t i = 0; i < sizes.size(); ++i)
            {
                const auto bytes = test::FeatureMessage(i, sizes[i], 1).Serialize();
                CHECK(sender.Send(network.addresses[1], bytes) == bytes.size());
                sent += bytes.size();
            }
        });
    ns3::Simulator::Stop(ns3::Seconds(5));
    ns3::Simulator::Run();
    CHECK(sent == 403'010 + 4 * WireMessage::kHeaderBytes);
    REQUIRE(received.size() == sizes.size());
    for (std::size_t i = 0; i < sizes.size(); ++i)
    {
        CHECK(received[i].request == i);
        CHECK(received[i].payload == test::FeatureMessage(i, sizes[i], 1).payload);
    }
    sender.Stop();
    receiver.Stop();
}

TEST_CASE("tcp: both nodes send to each other over their own connections")
{
    test::TwoNodeNetwork network;
    TcpMessageTransport a;
    TcpMessageTransport b;
    std::vector<std::uint64_t> atA;
    std::vector<std::uint64_t> atB;
    a.Start(network.nodes.Get(0), 9000, [&](WireMessage m) { atA.push_back(m.request); });
    b.Start(network.nodes.Get(1), 9000, [&](WireMessage m) { atB.push_back(m.request); });
    ns3::Simulator::Schedule(
        ns3::Seconds(0.1),
        [&]
        {
            a.Send(network.addresses[1], test::FeatureMessage(1, 5000, 1).Serialize());
            b.Send(network.addresses[0], test::FeatureMessage(2, 5000, 1).Serialize());
            a.Send(network.addresses[1], test::FeatureMessage(3, 10, 1).Serialize());
        });
    ns3::Simulator::Stop(ns3::Seconds(2));
    ns3::Simulator::Run();
    CHECK(atB == std::vector<std::uint64_t>{ 1, 3 });
    CHECK(atA == std::vector<std::uint64_t>{ 2 });
    a.Stop();
    b.Stop();
}
