// The analog link inside ns-3: timing (symbols / rate + propagation), serialization, noise at the
// link budget's SNR, reproducible noise from seed and tag, and the NetDevice contract.
#include "base/random.h"
#include "channel/analog-channel.h"
#include "channel/analog-link-helper.h"
#include "channel/analog-net-device.h"
#include "channel/awgn.h"
#include "channel/fading-seed.h"
#include "channel/symbol-noise-tag.h"
#include "channel/symbol-packet.h"
#include "tests/channel/channel-test-support.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <ns3/double.h>
#include <ns3/propagation-delay-model.h>
#include <ns3/uinteger.h>
#include <vector>

using namespace eesim;
using eesim::test::NodesAt;
using eesim::test::SimulatorGuard;
using ns3::MicroSeconds;
using ns3::MilliSeconds;
using ns3::Seconds;

namespace
{

struct Arrival
{
    ns3::Time at;
    std::vector<float> symbols;
    uint16_t protocol = 0;
};

/** Two nodes `distanceM` apart joined by an analog link; node 1 records what arrives. */
struct Link
{
    Link(double distanceM, const LinkBudget& budget, std::uint64_t noiseSeed = 99)
    {
        nodes = NodesAt({ { 0, 0, 0 }, { distanceM, 0, 0 } });
        AnalogLinkHelper helper;
        helper.SetDeviceAttribute("NoiseSeed", ns3::UintegerValue(noiseSeed));
        devices = helper.Install(nodes.Get(0), nodes.Get(1), budget);
        tx = ns3::DynamicCast<AnalogNetDevice>(devices.Get(0));
        rx = ns3::DynamicCast<AnalogNetDevice>(devices.Get(1));
        rx->SetReceiveCallback(ns3::NetDevice::ReceiveCallback(
            [this](ns3::Ptr<ns3::NetDevice>, ns3::Ptr<const ns3::Packet> packet, uint16_t protocol,
                   const ns3::Address&)
            {
                arrivals.push_back({ ns3::Simulator::Now(), ReadSymbols(packet), protocol });
                return true;
            }));
    }

    void Send(const std::vector<float>& symbols, ns3::Time at, const SymbolNoiseTag* tag = nullptr)
    {
        ns3::Ptr<ns3::Packet> packet = MakeSymbolPacket(symbols);
        if (tag)
        {
            packet->AddPacketTag(*tag);
        }
        ns3::Simulator::Schedule(at,
                                 [this, packet]() { tx->Send(packet, rx->GetAddress(), 0x88B5); });
    }

    ns3::NodeContainer nodes;
    ns3::NetDeviceContainer devices;
    ns3::Ptr<AnalogNetDevice> tx;
    ns3::Ptr<AnalogNetDevice> rx;
    std::vector<Arrival> arrivals;
};

/** Unit-power random symbols (standard normal). */
std::vector<float>
Symbols(std::size_t count, std::uint64_t seed)
{
    Random random(seed);
    std::vector<float> symbols(count);
    for (float& s : symbols)
    {
        s = float(random.Normal());
    }
    return symbols;
}

/** Mean of (received - sent)^2. */
double
NoisePower(const std::vector<float>& sent, const std::vector<float>& received)
{
    double sum = 0.0;
    for (std::size_t i = 0; i < sent.size(); ++i)
    {
        const double d = double(received[i]) - sent[i];
        sum += d * d;
    }
    return sum / double(sent.size());
}

ns3::Time
LightDelay(double distanceM)
{
    return Seconds(distanceM / 299792458.0);
}

} // namespace

TEST_CASE("analog link: delivery time is symbols over symbol rate plus distance over c")
{
    SimulatorGuard guard;
    Link link(300.0, LinkBudget::FixedSnr(20.0));
    std::vector<ns3::Time> txTimes;
    link.tx->TraceConnectWithoutContext("Tx", ns3::Callback<void, ns3::Ptr<const ns3::Packet>>(
                                                  [&](ns3::Ptr<const ns3::Packet>)
                                                  { txTimes.push_back(ns3::Simulator::Now()); }));
    link.Send(Symbols(1000, 1), MilliSeconds(2));
    ns3::Simulator::Run();
    REQUIRE(link.arrivals.size() == 1);
    // 1000 symbols at 1e6 symbols/s take 1 ms; 300 m take 1.0007 us at the speed of light.
    CHECK(link.arrivals[0].at == MilliSeconds(2) + MilliSeconds(1) + LightDelay(300.0));
    CHECK(link.arrivals[0].at.GetNanoSeconds() == 3001001);
    CHECK(link.arrivals[0].protocol == 0x88B5);
    CHECK(txTimes == std::vector<ns3::Time>{ MilliSeconds(2) });
}

TEST_CASE("analog link: the symbol rate attribute sets the transmit time")
{
    SimulatorGuard guard;
    auto nodes = NodesAt({ { 0, 0, 0 }, { 0, 0, 0 } });
    AnalogLinkHelper helper;
    helper.SetChannelAttribute("SymbolRate", ns3::DoubleValue(250e3));
    auto devices = helper.Install(nodes.Get(0), nodes.Get(1), LinkBudget::FixedSnr(10.0));
    auto channel = ns3::DynamicCast<AnalogChannel>(devices.Get(0)->GetChannel());
    CHECK(channel->TransmitTime(1000) == MilliSeconds(4));
    CHECK(channel->TransmitTime(1) == MicroSeconds(4));
    CHECK(channel->TransmitTime(0) == Seconds(0));
}

TEST_CASE("analog link: back-to-back packets are serialized by the sender")
{
    SimulatorGuard guard;
    Link link(30.0, LinkBudget::FixedSnr(20.0));
    std::size_t queued = 0;
    ns3::Simulator::Schedule(
        Seconds(0),
        [&]()
        {
            link.tx->Send(MakeSymbolPacket(Symbols(1000, 1)), link.rx->GetAddress(), 1);
            link.tx->Send(MakeSymbolPacket(Symbols(500, 2)), link.rx->GetAddress(), 2);
            link.tx->Send(MakeSymbolPacket(Symbols(250, 3)), link.rx->GetAddress(), 3);
            queued = link.tx->GetQueueLength();
        });
    ns3::Simulator::Run();
    CHECK(queued == 2);
    REQUIRE(link.arrivals.size() == 3);
    const ns3::Time delay = LightDelay(30.0);
    CHECK(link.arrivals[0].at == MicroSeconds(1000) + delay);
    CHECK(link.arrivals[1].at == MicroSeconds(1500) + delay);
    CHECK(link.arrivals[2].at == MicroSeconds(1750) + delay);
    CHECK(link.arrivals[0].protocol == 1);
    CHECK(link.arrivals[2].protocol == 3);
    CHECK(link.arrivals[2].symbols.size() == 250);
    CHECK_FALSE(link.tx->IsTransmitting());
}

TEST_CASE("analog link: received minus sent symbols have variance 1 over SNR")
{
    for (double snrDb : { 0.0, 10.0 })
    {
        CAPTURE(snrDb);
        SimulatorGuard guard;
        Link link(10.0, LinkBudget::FixedSnr(snrDb));
        std::vector<std::vector<float>> sent;
        for (int i = 0; i < 50; ++i)
        {
            sent.push_back(Symbols(4000, 100 + i));
            link.Send(sent.back(), MilliSeconds(10 * i));
        }
        ns3::Simulator::Run();
        REQUIRE(link.arrivals.size() == sent.size());
        double power = 0.0;
        double mean = 0.0;
        for (std::size_t i = 0; i < sent.size(); ++i)
        {
            power += NoisePower(sent[i], link.arrivals[i].symbols) / double(sent.size());
            for (std::size_t k = 0; k < sent[i].size(); ++k)
            {
                mean += (link.arrivals[i].symbols[k] - sent[i][k]) / 2e5;
            }
        }
        // 2e5 noise samples: relative spread of the power 0.3 %, of the mean sqrt(var / 2e5).
        CHECK(power == Approx(NoiseVarianceForSnr(snrDb)).epsilon(0.02));
        CHECK(std::abs(mean) < 4.0 * std::sqrt(NoiseVarianceForSnr(snrDb) / 2e5));
    }
}

TEST_CASE("analog link: the same NoiseSeed and tag give identical noise")
{
    const std::vector<float> sent = Symbols(2000, 5);
    auto run = [&](std::uint64_t noiseSeed, std::uint64_t key)
    {
        SimulatorGuard guard;
        Link link(10.0, LinkBudget::FixedSnr(5.0), noiseSeed);
        SymbolNoiseTag tag(key);
        link.Send(sent, Seconds(0), &tag);
        ns3::Simulator::Run();
        REQUIRE(link.arrivals.size() == 1);
        return link.arrivals[0].symbols;
    };
    const std::vector<float> first = run(7, 1234);
    CHECK(run(7, 1234) == first);
    CHECK(run(7, 1235) != first);
    CHECK(run(8, 1234) != first);

    // Anyone can recompute the receiver's symbols from (NoiseSeed, key, SNR): an oracle can.
    std::vector<float> oracle = sent;
    AddAwgn(oracle.data(), oracle.size(), 5.0, NoiseSeed(7, 1234));
    CHECK(oracle == first);
}

TEST_CASE("analog link: untagged packets take their noise key from a receive counter")
{
    SimulatorGuard guard;
    Link link(10.0, LinkBudget::FixedSnr(0.0), 21);
    const std::vector<float> sent = Symbols(100, 9);
    link.Send(sent, Seconds(0));
    link.Send(sent, Seconds(1));
    ns3::Simulator::Run();
    REQUIRE(link.arrivals.size() == 2);
    for (std::uint64_t key : { 0, 1 })
    {
        std::vector<float> expected = sent;
        AddAwgn(expected.data(), expected.size(), 0.0, link.rx->ReceptionNoiseSeed(key));
        CHECK(link.arrivals[key].symbols == expected);
    }
    CHECK(link.rx->ReceptionNoiseSeed(1) == NoiseSeed(21, 1));
}

TEST_CASE("analog link: noise goes to a copy and the sender's packet is untouched")
{
    SimulatorGuard guard;
    Link link(10.0, LinkBudget::FixedSnr(0.0));
    const std::vector<float> sent = Symbols(64, 3);
    ns3::Ptr<ns3::Packet> packet = MakeSymbolPacket(sent);
    packet->AddPacketTag(SymbolNoiseTag(77));
    ns3::Ptr<const ns3::Packet> delivered;
    link.rx->TraceConnectWithoutContext("Rx",
                                        ns3::Callback<void, ns3::Ptr<const ns3::Packet>>(
                                            [&](ns3::Ptr<const ns3::Packet> p) { delivered = p; }));
    ns3::Simulator::Schedule(Seconds(0),
                             [&]() { link.tx->Send(packet, link.rx->GetAddress(), 0); });
    ns3::Simulator::Run();
    CHECK(ReadSymbols(packet) == sent);
    REQUIRE(delivered);
    CHECK(delivered->GetUid() == packet->GetUid());
    SymbolNoiseTag tag;
    REQUIRE(delivered->PeekPacketTag(tag)); // the receiver keeps the sender's tags
    CHECK(tag.GetKey() == 77);
    CHECK(ReadSymbols(delivered) == link.arrivals.at(0).symbols);
    CHECK(ReadSymbols(delivered) != sent);
}

TEST_CASE("analog link: RxSnr reports the link budget's SNR at the start of each transmission")
{
    SimulatorGuard guard;
    auto loss = ns3::CreateObject<ns3::LogDistancePropagationLossModel>();
    loss->SetAttribute("Exponent", ns3::DoubleValue(3.0));
    loss->SetAttribute("ReferenceLoss", ns3::DoubleValue(46.6777));
    LinkBudget budget = LinkBudget::FromPropagation(20.0, loss, 1e6, 7.0);
    budget.SetBlockFading(ns3::CreateObject<BlockFadingLossModel>());
    Link link(100.0, budget);
    CHECK(AnalogLinkHelper::AssignStreams(link.devices, 30) == 1);
    std::vector<double> snrs;
    link.rx->TraceConnectWithoutContext(
        "RxSnr", ns3::Callback<void, ns3::Ptr<const ns3::Packet>, double>(
                     [&](ns3::Ptr<const ns3::Packet>, double snrDb) { snrs.push_back(snrDb); }));
    std::vector<ns3::Time> starts;
    for (int i = 0; i < 40; ++i)
    {
        // 9000 symbols take 9 ms: a transmission may start in one fading block and end in another.
        starts.push_back(MilliSeconds(13 * i + 5));
        link.Send(Symbols(9000, i), starts.back());
    }
    ns3::Simulator::Run();
    REQUIRE(snrs.size() == starts.size());
    auto fading = budget.GetBlockFading();
    int different = 0;
    for (std::size_t i = 0; i < starts.size(); ++i)
    {
        // 100 m: 20.3223 dB mean (see the link budget test) plus the fading at the start.
        const double gainDb = fading->GainDbForPair(
            NodePairKey(link.nodes.Get(0)->GetId(), link.nodes.Get(1)->GetId()), starts[i]);
        CHECK(snrs[i] == Approx(20.3223 + gainDb).margin(1e-4));
        different += snrs[i] != snrs[0];
    }
    CHECK(different > 30);
}

TEST_CASE("analog link: at 40 dB the symbols arrive almost unchanged")
{
    SimulatorGuard guard;
    Link link(10.0, LinkBudget::FixedSnr(40.0));
    const std::vector<float> sent = Symbols(20000, 8);
    link.Send(sent, Seconds(0));
    ns3::Simulator::Run();
    REQUIRE(link.arrivals.size() == 1);
    const std::vector<float>& received = link.arrivals[0].symbols;
    double worst = 0.0;
    for (std::size_t i = 0; i < sent.size(); ++i)
    {
        worst = std::max(worst, std::abs(double(received[i]) - sent[i]));
    }
    // sigma = 0.01: the MSE is 1e-4 and no symbol moves by more than about 6 sigma.
    CHECK(NoisePower(sent, received) == Approx(1e-4).epsilon(0.05));
    CHECK(worst < 0.06);
}

TEST_CASE("analog link: devices behave as a point-to-point NetDevice pair")
{
    SimulatorGuard guard;
    Link link(10.0, LinkBudget::FixedSnr(10.0));
    auto channel = ns3::DynamicCast<AnalogChannel>(link.tx->GetChannel());
    REQUIRE(channel);
    CHECK(channel->GetNDevices() == 2);
    CHECK(channel->GetPeer(link.tx) == link.rx);
    CHECK(channel->GetDevice(1) == link.rx);
    CHECK(link.tx->IsLinkUp());
    CHECK(link.tx->IsPointToPoint());
    CHECK_FALSE(link.tx->NeedsArp());
    CHECK_FALSE(link.tx->SupportsSendFrom());
    CHECK_FALSE(link.tx->IsBridge());
    CHECK(link.tx->GetMtu() == 65535);
    CHECK(link.tx->GetAddress() != link.rx->GetAddress());
    CHECK(link.tx->GetNode() == link.nodes.Get(0));
    CHECK(link.nodes.Get(0)->GetDevice(link.tx->GetIfIndex()) == link.tx);
    // 6 bytes are not whole float32 symbols.
    uint8_t bytes[6] = {};
    CHECK_FALSE(link.tx->Send(ns3::Create<ns3::Packet>(bytes, 6), link.rx->GetAddress(), 0));
    CHECK_FALSE(link.tx->SendFrom(MakeSymbolPacket(Symbols(4, 1)), link.tx->GetAddress(),
                                  link.rx->GetAddress(), 0));
    auto lone = ns3::CreateObject<AnalogNetDevice>();
    CHECK_FALSE(lone->IsLinkUp());
    CHECK_FALSE(lone->Send(MakeSymbolPacket(Symbols(4, 1)), link.rx->GetAddress(), 0));
}

TEST_CASE("analog link: a node protocol handler receives the noisy packet and protocol")
{
    SimulatorGuard guard;
    auto nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 } });
    AnalogLinkHelper helper;
    auto devices = helper.Install(nodes.Get(0), nodes.Get(1), LinkBudget::FixedSnr(30.0));
    std::vector<uint16_t> protocols;
    std::vector<std::size_t> sizes;
    nodes.Get(1)->RegisterProtocolHandler(
        ns3::Node::ProtocolHandler(
            [&](ns3::Ptr<ns3::NetDevice>, ns3::Ptr<const ns3::Packet> p, uint16_t protocol,
                const ns3::Address&, const ns3::Address&, ns3::NetDevice::PacketType)
            {
                protocols.push_back(protocol);
                sizes.push_back(ReadSymbols(p).size());
            }),
        0x1234, devices.Get(1));
    ns3::Simulator::Schedule(Seconds(0),
                             [&]() {
                                 devices.Get(0)->Send(MakeSymbolPacket(Symbols(16, 2)),
                                                      devices.Get(1)->GetAddress(), 0x1234);
                             });
    ns3::Simulator::Run();
    CHECK(protocols == std::vector<uint16_t>{ 0x1234 });
    CHECK(sizes == std::vector<std::size_t>{ 16 });
}

TEST_CASE("analog link: symbol packets are little-endian float32")
{
    const std::vector<float> symbols = { 1.0F, -2.5F };
    ns3::Ptr<ns3::Packet> packet = MakeSymbolPacket(symbols);
    REQUIRE(packet->GetSize() == 8);
    uint8_t bytes[8];
    packet->CopyData(bytes, 8);
    // 1.0f = 0x3F800000, -2.5f = 0xC0200000, least significant byte first.
    const uint8_t expected[8] = { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0 };
    CHECK(std::equal(bytes, bytes + 8, expected));
    CHECK(ReadSymbols(packet) == symbols);
    uint8_t odd[5] = {};
    CHECK_THROWS(ReadSymbols(ns3::Create<ns3::Packet>(odd, 5)));
}
