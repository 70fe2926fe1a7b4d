#include "sim/transport/message-transport.h"

#include "sim/transport/tcp-message-transport.h"
#include "sim/transport/udp-message-transport.h"

namespace eesim
{

std::unique_ptr<MessageTransport>
MessageTransport::Create(TransportProtocol protocol, int fragmentBytes)
{
    if (protocol == TransportProtocol::kUdp)
    {
        return std::make_unique<UdpMessageTransport>(fragmentBytes);
    }
    return std::make_unique<TcpMessageTransport>();
}

} // namespace eesim
