// Messages over UDP with application-level fragments, between two real ns-3 nodes. Besides a
// real sender, crafted datagrams from a plain UDP socket play fragments out of order,
// duplicated, lost, and datagrams that are not fragments of ours at all.
#include "sim/transport/udp-message-transport.h"
#include "tests/sim/transport/feature-message.h"
#include "tests/sim/two-node-network.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <ns3/inet-socket-address.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>
#include <ns3/udp-socket-factory.h>

using namespace eesim;

namespace
{

constexpr int kFragmentBytes = 100;
constexpr uint16_t kPort = 9000;
using Bytes = std::vector<std::uint8_t>;

/** One datagram: the 12-byte fragment header, then `chunk`. */
Bytes
Datagram(std::uint32_t sequence, std::uint16_t index, std::uint16_t count, std::uint32_t length,
         const Bytes& chunk)
{
    Bytes datagram(12 + chunk.size());
    std::memcpy(datagram.data(), &sequence, 4);
    std::memcpy(datagram.data() + 4, &index, 2);
    std::memcpy(datagram.data() + 6, &count, 2);
    std::memcpy(datagram.data() + 8, &length, 4);
    std::copy(chunk.begin(), chunk.end(), datagram.begin() + 12);
    return datagram;
}

/** `message` cut as UdpMessageTransport cuts it, kFragmentBytes per datagram. */
std::vector<Bytes>
Fragments(std::uint32_t sequence, const Bytes& message)
{
    std::vector<Bytes> fragments;
    const auto count = std::uint16_t((message.size() + kFragmentBytes - 1) / kFragmentBytes);
    for (std::uint16_t i = 0; i < count; ++i)
    {
        const std::size_t offset = std::size_t(i) * kFragmentBytes;
        const std::size_t end = std::min(message.size(), offset + kFragmentBytes);
        fragments.push_back(
            Datagram(sequence, i, count, std::uint32_t(message.size()),
                     Bytes(message.begin() + long(offset), message.begin() + long(end))));
    }
    return fragments;
}

/** A receiving transport on node 1 and a plain UDP socket on node 0 to feed it. */
struct Bench
{
    test::TwoNodeNetwork network;
    UdpMessageTransport receiver{ kFragmentBytes };
    ns3::Ptr<ns3::Socket> socket;
    std::vector<WireMessage> received;
    std::vector<WireMessage> lost;
    std::vector<double> lostAt;

    Bench()
    {
        receiver.SetLossCallback(
            [this](const WireMessage& header)
            {
                lost.push_back(header);
                lostAt.push_back(ns3::Simulator::Now().GetSeconds());
            });
        receiver.Start(network.nodes.Get(1), kPort,
                       [this](WireMessage message) { received.push_back(std::move(message)); });
        socket
            = ns3::Socket::CreateSocket(network.nodes.Get(0), ns3::UdpSocketFactory::GetTypeId());
        socket->Bind();
    }
    ~Bench() { receiver.Stop(); }

    /** Sends `datagram` from the plain socket at `seconds`. */
    void SendAt(double seconds, const Bytes& datagram)
    {
        ns3::Simulator::Schedule(ns3::Seconds(seconds),
                                 [this, datagram]
                                 {
                                     socket->SendTo(
                                         ns3::Create<ns3::Packet>(datagram.data(), datagram.size()),
                                         0, ns3::InetSocketAddress(network.addresses[1], kPort));
                                 });
    }
    void Run(double seconds)
    {
        ns3::Simulator::Stop(ns3::Seconds(seconds));
        ns3::Simulator::Run();
    }
};

} // namespace

TEST_CASE("udp: a message cut into fragments arrives whole and once, and Send counts their headers")
{
    Bench bench;
    UdpMessageTransport sender(kFragmentBytes);
    sender.Start(bench.network.nodes.Get(0), kPort, [](WireMessage) {});
    const WireMessage message = test::FeatureMessage(5, 1000, 2); // 1016 bytes: 11 fragments
    ns3::Simulator::Schedule(
        ns3::Seconds(0.1), [&]
        { CHECK(sender.Send(bench.network.addresses[1], message.Serialize()) == 1016 + 11 * 12); });
    bench.Run(3);
    REQUIRE(bench.received.size() == 1);
    CHECK(bench.received[0].request == 5);
    CHECK(bench.received[0].segmentOrPrediction == 2);
    CHECK(bench.received[0].payload == message.payload);
    CHECK(bench.lost.empty());
    sender.Stop();
}

TEST_CASE("udp: fragments out of order and duplicated give the message once, and no loss")
{
    Bench bench;
    const WireMessage message = test::FeatureMessage(7, 250, 2); // 266 bytes: 3 fragments
    const auto fragments = Fragments(40, message.Serialize());
    REQUIRE(fragments.size() == 3);
    double t = 0.1;
    for (int i : { 2, 0, 2, 1, 1, 0 })
    {
        bench.SendAt(t, fragments[std::size_t(i)]);
        t += 0.01;
    }
    bench.Run(3); // long past the time a partial message is given up
    REQUIRE(bench.received.size() == 1);
    CHECK(bench.received[0].request == 7);
    CHECK(bench.received[0].payload == message.payload);
    CHECK(bench.lost.empty());
}

TEST_CASE("udp: a lost fragment loses the message, reported with its header a second later")
{
    Bench bench;
    const auto fragments = Fragments(41, test::FeatureMessage(8, 250, 2).Serialize());
    bench.SendAt(0.1, fragments[0]);
    bench.SendAt(0.2, fragments[2]);
    bench.Run(3);
    CHECK(bench.received.empty());
    REQUIRE(bench.lost.size() == 1);
    CHECK(bench.lost[0].request == 8);
    CHECK(bench.lost[0].kind == WireMessage::Kind::kFeatures);
    CHECK(bench.lost[0].segmentOrPrediction == 2);
    // The first fragment arrived after the link's 1 ms and a few microseconds on the wire.
    CHECK(bench.lostAt[0] == Approx(0.1 + 0.001 + UdpMessageTransport::kStaleSeconds).margin(1e-4));
}

TEST_CASE("udp: without its first fragment a lost message goes unreported")
{
    Bench bench;
    const auto fragments = Fragments(42, test::FeatureMessage(9, 250, 2).Serialize());
    bench.SendAt(0.1, fragments[1]);
    bench.SendAt(0.1, fragments[2]);
    bench.Run(3);
    CHECK(bench.received.empty());
    CHECK(bench.lost.empty()); // the request is unknown without the message header
}

TEST_CASE("udp: a datagram shorter than the fragment header is ignored")
{
    Bench bench;
    bench.SendAt(0.1, Bytes{ 1, 2, 3, 4, 5 });
    bench.SendAt(0.1, Bytes(11, 0));
    for (const Bytes& fragment : Fragments(43, test::FeatureMessage(10, 50, 2).Serialize()))
    {
        bench.SendAt(0.2, fragment);
    }
    bench.Run(3);
    REQUIRE(bench.received.size() == 1);
    CHECK(bench.received[0].request == 10);
    CHECK(bench.lost.empty());
}

TEST_CASE("udp: a fragment declaring an absurd length is ignored, the real one still arrives")
{
    Bench bench;
    // One fragment of 20 bytes claiming a 4 GB message: not what a sender of ours sends.
    bench.SendAt(0.1, Datagram(44, 0, 1, 0xFFFFFFF0U, Bytes(20, 1)));
    // Nor a message of 1000 bytes in a single 20-byte fragment.
    bench.SendAt(0.1, Datagram(45, 0, 1, 1000, Bytes(20, 1)));
    const WireMessage message = test::FeatureMessage(11, 50, 2);
    for (std::uint32_t sequence : { 44U, 45U })
    {
        for (const Bytes& fragment : Fragments(sequence, message.Serialize()))
        {
            bench.SendAt(0.2, fragment);
        }
    }
    bench.Run(3);
    REQUIRE(bench.received.size() == 2);
    CHECK(bench.received[0].payload == message.payload);
    CHECK(bench.received[1].payload == message.payload);
    CHECK(bench.lost.empty());
}

TEST_CASE("udp: a fragment whose count disagrees with its length is ignored")
{
    Bench bench;
    // A 16-byte header and 40 payload bytes: one fragment, as its sender cuts it.
    const WireMessage message = test::FeatureMessage(13, 40, 2);
    const Bytes frame = message.Serialize();
    REQUIRE(Fragments(47, frame).size() == 1);
    // The same bytes claiming to be the first of three fragments: not what a sender of ours
    // sends. Taken in, it would wait for two fragments that never come and shut out the real
    // message of that sequence number.
    bench.SendAt(0.1, Datagram(47, 0, 3, std::uint32_t(frame.size()), frame));
    bench.SendAt(0.2, Fragments(47, frame)[0]);
    bench.Run(3);
    REQUIRE(bench.received.size() == 1);
    CHECK(bench.received[0].payload == message.payload);
    CHECK(bench.lost.empty());
}

TEST_CASE("udp: a fragment disagreeing with the others about the message is ignored")
{
    Bench bench;
    const WireMessage message = test::FeatureMessage(12, 250, 2);
    const auto fragments = Fragments(46, message.Serialize());
    bench.SendAt(0.1, fragments[0]);
    // Same sender and sequence, but five fragments: index 4 lies beyond the three expected.
    bench.SendAt(0.11, Datagram(46, 4, 5, 450, Bytes(50, 3)));
    bench.SendAt(0.12, fragments[1]);
    bench.SendAt(0.13, fragments[2]);
    bench.Run(3);
    REQUIRE(bench.received.size() == 1);
    CHECK(bench.received[0].payload == message.payload);
    CHECK(bench.lost.empty());
}

TEST_CASE("udp: a complete datagram message that is not a frame is ignored")
{
    Bench bench;
    Bytes junk(20, 0);
    junk[0] = 20; // frame length 20, but kind 9
    junk[4] = 9;
    bench.SendAt(0.1, Datagram(47, 0, 1, 20, junk));
    Bytes shortFrame = test::FeatureMessage(13, 10, 2).Serialize(); // declares 26 bytes, 20 arrive
    shortFrame.resize(20);
    bench.SendAt(0.1, Datagram(48, 0, 1, 20, shortFrame));
    for (const Bytes& fragment : Fragments(49, test::FeatureMessage(14, 10, 2).Serialize()))
    {
        bench.SendAt(0.2, fragment);
    }
    bench.Run(3);
    REQUIRE(bench.received.size() == 1);
    CHECK(bench.received[0].request == 14);
    CHECK(bench.lost.empty());
}
