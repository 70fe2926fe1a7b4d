#include "channel/analog-net-device.h"

#include "channel/analog-channel.h"
#include "channel/awgn.h"
#include "channel/symbol-noise-tag.h"
#include "channel/symbol-packet.h"

#include <ns3/simulator.h>
#include <ns3/trace-source-accessor.h>
#include <ns3/uinteger.h>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(AnalogNetDevice);

ns3::TypeId
AnalogNetDevice::GetTypeId()
{
    static ns3::TypeId tid
        = ns3::TypeId("eesim::AnalogNetDevice")
              .SetParent<ns3::NetDevice>()
              .SetGroupName("Eesim")
              .AddConstructor<AnalogNetDevice>()
              .AddAttribute("Mtu", "Reported MTU in bytes; symbol packets are not limited by it.",
                            ns3::UintegerValue(65535),
                            ns3::MakeUintegerAccessor(&AnalogNetDevice::m_mtu),
                            ns3::MakeUintegerChecker<uint16_t>())
              .AddAttribute("NoiseSeed",
                            "Run-wide seed of the receiver noise: a reception with noise key k "
                            "draws its noise from NoiseSeed(NoiseSeed, k).",
                            ns3::UintegerValue(0),
                            ns3::MakeUintegerAccessor(&AnalogNetDevice::m_noiseSeed),
                            ns3::MakeUintegerChecker<std::uint64_t>())
              .AddTraceSource("Tx", "A packet starts its transmission on the channel.",
                              ns3::MakeTraceSourceAccessor(&AnalogNetDevice::m_txTrace),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("Rx", "A noisy packet is delivered to the receive callbacks.",
                              ns3::MakeTraceSourceAccessor(&AnalogNetDevice::m_rxTrace),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("RxSnr", "A packet arrives: the delivered packet and its SNR (dB).",
                              ns3::MakeTraceSourceAccessor(&AnalogNetDevice::m_rxSnrTrace),
                              "eesim::AnalogNetDevice::RxSnrTracedCallback");
    return tid;
}

AnalogNetDevice::AnalogNetDevice() = default;

void
AnalogNetDevice::Attach(ns3::Ptr<AnalogChannel> channel)
{
    m_channel = channel;
    channel->Attach(this);
}

void
AnalogNetDevice::NotifyLinkUp()
{
    m_linkUp = true;
    m_linkChangeCallbacks();
}

std::uint64_t
AnalogNetDevice::ReceptionNoiseSeed(std::uint64_t key) const
{
    return NoiseSeed(m_noiseSeed, key);
}

bool
AnalogNetDevice::Send(ns3::Ptr<ns3::Packet> packet, const ns3::Address& /*dest*/, uint16_t protocol)
{
    // The only destination is the peer, whatever address the caller names.
    if (!IsLinkUp() || packet->GetSize() % kBytesPerSymbol != 0)
    {
        return false;
    }
    m_queue.emplace_back(packet, protocol);
    if (!m_transmitting)
    {
        StartTransmission();
    }
    return true;
}

void
AnalogNetDevice::StartTransmission()
{
    auto [packet, protocol] = m_queue.front();
    m_queue.pop_front();
    m_transmitting = true;
    m_txTrace(packet);
    const ns3::Time busy = m_channel->Transmit(packet, protocol, this);
    m_transmitEnd = ns3::Simulator::Schedule(busy, &AnalogNetDevice::TransmitComplete, this);
}

void
AnalogNetDevice::TransmitComplete()
{
    m_transmitting = false;
    if (!m_queue.empty())
    {
        StartTransmission();
    }
}

std::uint64_t
AnalogNetDevice::NoiseKey(ns3::Ptr<const ns3::Packet> packet)
{
    SymbolNoiseTag tag;
    return packet->PeekPacketTag(tag) ? tag.GetKey() : m_untaggedReceptions++;
}

void
AnalogNetDevice::Receive(ns3::Ptr<ns3::Packet> packet, double snrDb, uint16_t protocol,
                         ns3::Mac48Address from)
{
    std::vector<float> symbols = ReadSymbols(packet);
    AddAwgn(symbols.data(), symbols.size(), snrDb, ReceptionNoiseSeed(NoiseKey(packet)));
    // Swap the payload in place so the packet keeps its tags and uid.
    packet->RemoveAtEnd(packet->GetSize());
    packet->AddAtEnd(MakeSymbolPacket(symbols));

    m_rxSnrTrace(packet, snrDb);
    m_rxTrace(packet);
    if (!m_promiscRxCallback.IsNull())
    {
        m_promiscRxCallback(this, packet, protocol, from, m_address, ns3::NetDevice::PACKET_HOST);
    }
    if (!m_rxCallback.IsNull())
    {
        m_rxCallback(this, packet, protocol, from);
    }
}

void
AnalogNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
AnalogNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

ns3::Ptr<ns3::Channel>
AnalogNetDevice::GetChannel() const
{
    return m_channel;
}

void
AnalogNetDevice::SetAddress(ns3::Address address)
{
    m_address = ns3::Mac48Address::ConvertFrom(address);
}

ns3::Address
AnalogNetDevice::GetAddress() const
{
    return m_address;
}

bool
AnalogNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
AnalogNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
AnalogNetDevice::IsLinkUp() const
{
    return m_linkUp;
}

void
AnalogNetDevice::AddLinkChangeCallback(ns3::Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
AnalogNetDevice::IsBroadcast() const
{
    return true; // everything sent reaches the peer
}

ns3::Address
AnalogNetDevice::GetBroadcast() const
{
    return ns3::Mac48Address::GetBroadcast();
}

bool
AnalogNetDevice::IsMulticast() const
{
    return true;
}

ns3::Address
AnalogNetDevice::GetMulticast(ns3::Ipv4Address multicastGroup) const
{
    return ns3::Mac48Address::GetMulticast(multicastGroup);
}

ns3::Address
AnalogNetDevice::GetMulticast(ns3::Ipv6Address addr) const
{
    return ns3::Mac48Address::GetMulticast(addr);
}

bool
AnalogNetDevice::IsBridge() const
{
    return false;
}

bool
AnalogNetDevice::IsPointToPoint() const
{
    return true;
}

bool
AnalogNetDevice::SendFrom(ns3::Ptr<ns3::Packet> /*packet*/, const ns3::Address& /*source*/,
                          const ns3::Address& /*dest*/, uint16_t /*protocol*/)
{
    return false; // see SupportsSendFrom
}

ns3::Ptr<ns3::Node>
AnalogNetDevice::GetNode() const
{
    return m_node;
}

void
AnalogNetDevice::SetNode(ns3::Ptr<ns3::Node> node)
{
    m_node = node;
}

bool
AnalogNetDevice::NeedsArp() const
{
    return false;
}

void
AnalogNetDevice::SetReceiveCallback(ns3::NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
AnalogNetDevice::SetPromiscReceiveCallback(ns3::NetDevice::PromiscReceiveCallback cb)
{
    m_promiscRxCallback = cb;
}

bool
AnalogNetDevice::SupportsSendFrom() const
{
    return false;
}

void
AnalogNetDevice::DoDispose()
{
    m_transmitEnd.Cancel();
    m_queue.clear();
    m_channel = nullptr;
    m_node = nullptr;
    m_rxCallback.Nullify();
    m_promiscRxCallback.Nullify();
    ns3::NetDevice::DoDispose();
}

} // namespace eesim
