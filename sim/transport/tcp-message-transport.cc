#include "sim/transport/tcp-message-transport.h"

#include <ns3/inet-socket-address.h>
#include <ns3/packet.h>
#include <ns3/tcp-socket-factory.h>

namespace eesim
{

void
TcpMessageTransport::Start(ns3::Ptr<ns3::Node> node, uint16_t port, Receive receive)
{
    m_node = node;
    m_port = port;
    m_receive = std::move(receive);
    m_listener = ns3::Socket::CreateSocket(node, ns3::TcpSocketFactory::GetTypeId());
    m_listener->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), port));
    m_listener->Listen();
    m_listener->SetAcceptCallback(
        ns3::MakeNullCallback<bool, ns3::Ptr<ns3::Socket>, const ns3::Address&>(),
        ns3::MakeCallback(&TcpMessageTransport::HandleAccept, this));
}

void
TcpMessageTransport::Stop()
{
    if (m_listener)
    {
        m_listener->Close();
    }
    for (auto& [socket, reassembler] : m_incoming)
    {
        socket->Close();
    }
    for (auto& [peer, connection] : m_outgoing)
    {
        connection.socket->Close();
    }
    m_listener = nullptr;
    m_incoming.clear();
    m_outgoing.clear();
    m_peers.clear();
    m_node = nullptr;
}

void
TcpMessageTransport::HandleAccept(ns3::Ptr<ns3::Socket> socket, const ns3::Address& /*from*/)
{
    socket->SetRecvCallback(ns3::MakeCallback(&TcpMessageTransport::HandleRead, this));
    m_incoming[socket];
}

void
TcpMessageTransport::HandleRead(ns3::Ptr<ns3::Socket> socket)
{
    FrameReassembler& reassembler = m_incoming[socket];
    while (ns3::Ptr<ns3::Packet> packet = socket->Recv())
    {
        std::vector<std::uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        reassembler.Append(bytes.data(), bytes.size());
    }
    while (auto message = reassembler.Next())
    {
        m_receive(std::move(*message));
    }
}

std::uint64_t
TcpMessageTransport::Send(ns3::Ipv4Address address, const std::vector<std::uint8_t>& message)
{
    Connection& connection = m_outgoing[address];
    connection.pending.insert(connection.pending.end(), message.begin(), message.end());
    if (!connection.socket)
    {
        connection.socket = ns3::Socket::CreateSocket(m_node, ns3::TcpSocketFactory::GetTypeId());
        connection.socket->Bind();
        connection.socket->SetConnectCallback(
            ns3::MakeCallback(&TcpMessageTransport::HandleConnected, this),
            ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
        connection.socket->SetSendCallback(
            ns3::MakeCallback(&TcpMessageTransport::HandleSendReady, this));
        m_peers[connection.socket] = address;
        connection.socket->Connect(ns3::InetSocketAddress(address, m_port));
    }
    Flush(connection);
    return message.size();
}

void
TcpMessageTransport::HandleConnected(ns3::Ptr<ns3::Socket> socket)
{
    Connection& connection = m_outgoing[m_peers.at(socket)];
    connection.connected = true;
    Flush(connection);
}

void
TcpMessageTransport::HandleSendReady(ns3::Ptr<ns3::Socket> socket, uint32_t /*available*/)
{
    Flush(m_outgoing[m_peers.at(socket)]);
}

void
TcpMessageTransport::Flush(Connection& connection)
{
    if (!connection.connected)
    {
        return;
    }
    while (!connection.pending.empty())
    {
        const std::uint32_t room = connection.socket->GetTxAvailable();
        const auto chunk = std::uint32_t(std::min<std::size_t>(room, connection.pending.size()));
        if (chunk == 0)
        {
            return; // the send callback calls again when TCP has room
        }
        const int sent
            = connection.socket->Send(ns3::Create<ns3::Packet>(connection.pending.data(), chunk));
        if (sent <= 0)
        {
            return;
        }
        connection.pending.erase(connection.pending.begin(), connection.pending.begin() + sent);
    }
}

} // namespace eesim
