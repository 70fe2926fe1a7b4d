#ifndef EESIM_SIM_TRANSPORT_MESSAGE_TRANSPORT_H
#define EESIM_SIM_TRANSPORT_MESSAGE_TRANSPORT_H

#include "sim/transport/wire-message.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <ns3/ipv4-address.h>
#include <ns3/node.h>
#include <vector>

namespace eesim
{

/** The transport protocols MessageTransport::Create knows. */
enum class TransportProtocol
{
    kTcp,
    kUdp
};

/**
 * Carries serialized WireMessages between the stage workers of two nodes through ns-3 sockets.
 * The bytes handed to Send are the bytes that travel; the receiving side delivers each message
 * whole, once, or (UDP) not at all when part of it was lost.
 */
class MessageTransport
{
  public:
    using Receive = std::function<void(WireMessage)>;
    /** Called with the header (no payload) of a message the transport gave up on. */
    using Lost = std::function<void(const WireMessage& header)>;

    virtual ~MessageTransport() = default;
    /** Where losses the transport can tell of are reported. Only UDP can: it knows a message
     *  is lost when part of it arrived and the rest did not in time. TCP delivers every
     *  message while its connection works, and ignores this. */
    virtual void SetLossCallback(Lost /*lost*/) {}
    virtual void Start(ns3::Ptr<ns3::Node> node, uint16_t port, Receive receive) = 0;
    virtual void Stop() = 0;
    /** Sends `message` to the worker at `address`; returns the application bytes it puts on the
     *  network (the message plus any transport framing of ours). */
    virtual std::uint64_t Send(ns3::Ipv4Address address, const std::vector<std::uint8_t>& message)
        = 0;

    /** `fragmentBytes` is the message bytes per UDP datagram (ignored by TCP). */
    static std::unique_ptr<MessageTransport> Create(TransportProtocol protocol, int fragmentBytes);
};

} // namespace eesim

#endif
