#include "sim/transport/message-transport.h"

#include "sim/transport/tcp-message-transport.h"
#include "sim/transport/udp-message-transport.h"

namespace eesim
{

std::unique_ptr<MessageTransport>
MessageTransport::Create(const std::string& protocol, int fragmentBytes)
{
    if (protocol == "udp")
    {
        return std::make_unique<UdpMessageTransport>(fragmentBytes);
    }
    return std::make_unique<TcpMessageTransport>();
}

} // namespace eesim
