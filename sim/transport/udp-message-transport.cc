#include "sim/transport/udp-message-transport.h"

#include <cstring>
#include <ns3/inet-socket-address.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>
#include <ns3/udp-socket-factory.h>

namespace eesim
{

UdpMessageTransport::UdpMessageTransport(int fragmentBytes)
    : m_fragmentBytes(fragmentBytes)
{
}

void
UdpMessageTransport::Start(ns3::Ptr<ns3::Node> node, uint16_t port, Receive receive)
{
    m_port = port;
    m_receive = std::move(receive);
    m_socket = ns3::Socket::CreateSocket(node, ns3::UdpSocketFactory::GetTypeId());
    m_socket->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), port));
    m_socket->SetRecvCallback(ns3::MakeCallback(&UdpMessageTransport::HandleRead, this));
}

void
UdpMessageTransport::Stop()
{
    if (m_socket)
    {
        m_socket->Close();
    }
    m_socket = nullptr;
    for (auto& [key, partial] : m_partial)
    {
        partial.expiry.Cancel();
    }
    m_partial.clear();
    m_delivered.clear();
    m_deliveredAt.clear();
}

std::uint64_t
UdpMessageTransport::Send(ns3::Ipv4Address address, const std::vector<std::uint8_t>& message)
{
    const std::size_t size = message.size();
    const std::size_t step = std::size_t(m_fragmentBytes);
    const auto count = std::uint16_t((size + step - 1) / step);
    const std::uint32_t sequence = m_nextSequence++;
    const auto length = std::uint32_t(size);
    for (std::uint16_t index = 0; index < count; ++index)
    {
        const std::size_t offset = std::size_t(index) * step;
        const std::size_t chunk = std::min(step, size - offset);
        std::vector<std::uint8_t> datagram(kFragmentHeaderBytes + chunk);
        std::memcpy(datagram.data(), &sequence, 4);
        std::memcpy(datagram.data() + 4, &index, 2);
        std::memcpy(datagram.data() + 6, &count, 2);
        std::memcpy(datagram.data() + 8, &length, 4);
        std::memcpy(datagram.data() + kFragmentHeaderBytes, message.data() + offset, chunk);
        m_socket->SendTo(ns3::Create<ns3::Packet>(datagram.data(), datagram.size()), 0,
                         ns3::InetSocketAddress(address, m_port));
    }
    return size + std::uint64_t(count) * kFragmentHeaderBytes;
}

void
UdpMessageTransport::HandleRead(ns3::Ptr<ns3::Socket> socket)
{
    ns3::Address from;
    while (ns3::Ptr<ns3::Packet> packet = socket->RecvFrom(from))
    {
        std::vector<std::uint8_t> datagram(packet->GetSize());
        packet->CopyData(datagram.data(), datagram.size());
        Accept(ns3::InetSocketAddress::ConvertFrom(from).GetIpv4(), datagram);
    }
}

void
UdpMessageTransport::Accept(ns3::Ipv4Address from, const std::vector<std::uint8_t>& datagram)
{
    if (datagram.size() < kFragmentHeaderBytes)
    {
        return;
    }
    std::uint32_t sequence;
    std::uint16_t index;
    std::uint16_t count;
    std::uint32_t length;
    std::memcpy(&sequence, datagram.data(), 4);
    std::memcpy(&index, datagram.data() + 4, 2);
    std::memcpy(&count, datagram.data() + 6, 2);
    std::memcpy(&length, datagram.data() + 8, 4);
    // Sender and receiver cut messages alike, so the length says how many fragments there are
    // and how big each is; a fragment that does not fit is not one of ours.
    const std::size_t step = std::size_t(m_fragmentBytes);
    const std::size_t offset = std::size_t(index) * step;
    const std::size_t chunk = datagram.size() - kFragmentHeaderBytes;
    if (length == 0 || count != (std::size_t(length) + step - 1) / step || index >= count
        || chunk != std::min(step, std::size_t(length) - offset))
    {
        return;
    }
    const Key key{ from, sequence };
    if (RecentlyDelivered(key))
    {
        return; // a copy of a fragment of a message already delivered
    }
    Partial& partial = m_partial[key];
    const bool first = partial.arrived.empty();
    if (first)
    {
        partial.bytes.resize(length);
        partial.arrived.assign(count, false);
        partial.missing = count;
    }
    if (partial.arrived.size() != count || partial.bytes.size() != length)
    {
        return; // disagrees with the fragments of this message that came before
    }
    if (partial.arrived[index])
    {
        return; // a duplicate
    }
    partial.arrived[index] = true;
    --partial.missing;
    std::memcpy(partial.bytes.data() + offset, datagram.data() + kFragmentHeaderBytes, chunk);
    if (partial.missing > 0)
    {
        if (first)
        {
            partial.expiry = ns3::Simulator::Schedule(ns3::Seconds(kStaleSeconds),
                                                      &UdpMessageTransport::Expire, this, key);
        }
        return;
    }
    partial.expiry.Cancel();
    const Partial complete = std::move(partial);
    m_partial.erase(key);
    Deliver(key, complete);
}

bool
UdpMessageTransport::RecentlyDelivered(const Key& key)
{
    const ns3::Time now = ns3::Simulator::Now();
    while (!m_deliveredAt.empty()
           && m_deliveredAt.front().first + ns3::Seconds(kStaleSeconds) <= now)
    {
        m_delivered.erase(m_deliveredAt.front().second);
        m_deliveredAt.pop_front();
    }
    return m_delivered.count(key) != 0;
}

void
UdpMessageTransport::Deliver(const Key& key, const Partial& partial)
{
    m_delivered.insert(key);
    m_deliveredAt.emplace_back(ns3::Simulator::Now(), key);
    // A message that is not one whole frame did not come from a sender of ours.
    if (auto message = WireMessage::FromFrame(partial.bytes.data(), partial.bytes.size()))
    {
        m_receive(std::move(*message));
    }
}

void
UdpMessageTransport::Expire(Key key)
{
    const auto it = m_partial.find(key);
    if (it == m_partial.end())
    {
        return;
    }
    // Only the first fragment says which message this was; without it the loss goes unseen.
    const Partial& partial = it->second;
    std::optional<WireMessage> header;
    if (partial.arrived[0])
    {
        header = WireMessage::ReadHeader(partial.bytes.data(), partial.bytes.size());
    }
    m_partial.erase(it);
    if (header && m_lost)
    {
        m_lost(*header);
    }
}

} // namespace eesim
