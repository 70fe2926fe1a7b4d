#ifndef EESIM_SIM_TRANSPORT_TCP_MESSAGE_TRANSPORT_H
#define EESIM_SIM_TRANSPORT_TCP_MESSAGE_TRANSPORT_H

#include "sim/transport/message-transport.h"

#include <map>
#include <ns3/socket.h>

namespace eesim
{

/**
 * Messages over TCP: one connection per peer, opened on first use; the stream is framed by the
 * messages' own length field. Bytes TCP cannot take yet wait in a per-peer buffer until the
 * socket has room.
 */
class TcpMessageTransport : public MessageTransport
{
  public:
    void Start(ns3::Ptr<ns3::Node> node, uint16_t port, Receive receive) override;
    void Stop() override;
    std::uint64_t Send(ns3::Ipv4Address address, const std::vector<std::uint8_t>& message) override;

  private:
    struct Connection
    {
        ns3::Ptr<ns3::Socket> socket;
        std::vector<std::uint8_t> pending;
        bool connected = false;
    };

    void HandleAccept(ns3::Ptr<ns3::Socket> socket, const ns3::Address& from);
    void HandleRead(ns3::Ptr<ns3::Socket> socket);
    void HandleConnected(ns3::Ptr<ns3::Socket> socket);
    void HandleSendReady(ns3::Ptr<ns3::Socket> socket, uint32_t available);
    void Flush(Connection& connection);

    ns3::Ptr<ns3::Node> m_node;
    uint16_t m_port = 0;
    Receive m_receive;
    ns3::Ptr<ns3::Socket> m_listener;
    std::map<ns3::Ptr<ns3::Socket>, FrameReassembler> m_incoming;
    std::map<ns3::Ipv4Address, Connection> m_outgoing;
    std::map<ns3::Ptr<ns3::Socket>, ns3::Ipv4Address> m_peers; // outgoing socket -> peer
};

} // namespace eesim

#endif
