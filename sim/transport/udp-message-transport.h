#ifndef EESIM_SIM_TRANSPORT_UDP_MESSAGE_TRANSPORT_H
#define EESIM_SIM_TRANSPORT_UDP_MESSAGE_TRANSPORT_H

#include "sim/transport/message-transport.h"

#include <deque>
#include <map>
#include <ns3/event-id.h>
#include <ns3/nstime.h>
#include <ns3/socket.h>
#include <set>
#include <utility>

namespace eesim
{

/**
 * Messages over UDP with application-level fragmentation: each message is cut into datagrams
 * of at most `fragmentBytes` of message bytes, each prefixed by a 12-byte fragment header
 *
 *   sequence u32 | fragment index u16 | fragment count u16 | message length u32
 *
 * and sent without IP fragmentation. The receiver reassembles by (sender, sequence) and delivers
 * a message once every fragment has arrived. Losing any fragment loses the message; partial
 * messages are discarded one second after their first fragment arrived, and reported lost when
 * the first fragment (with the message header, hence the request) is among those that came.
 *
 * What a sender of ours would not send is ignored: a datagram shorter than the header, a
 * fragment whose size or count does not follow from the message length and the fragment size
 * (so a header cannot make the receiver reserve more than its own fragments can fill), a
 * fragment that disagrees with the earlier ones of its message, a message that is not one whole
 * frame, and a copy of a fragment of a message delivered in the last second.
 */
class UdpMessageTransport : public MessageTransport
{
  public:
    static constexpr std::size_t kFragmentHeaderBytes = 12;
    static constexpr double kStaleSeconds = 1.0;

    explicit UdpMessageTransport(int fragmentBytes);

    void Start(ns3::Ptr<ns3::Node> node, uint16_t port, Receive receive) override;
    void Stop() override;
    void SetLossCallback(Lost lost) override { m_lost = std::move(lost); }
    std::uint64_t Send(ns3::Ipv4Address address, const std::vector<std::uint8_t>& message) override;

  private:
    using Key = std::pair<ns3::Ipv4Address, std::uint32_t>; // sender, sequence
    struct Partial
    {
        std::vector<std::uint8_t> bytes;
        std::vector<bool> arrived;
        std::size_t missing = 0;
        ns3::EventId expiry;
    };

    void HandleRead(ns3::Ptr<ns3::Socket> socket);
    void Accept(ns3::Ipv4Address from, const std::vector<std::uint8_t>& datagram);
    /** True when `key` names a message delivered less than kStaleSeconds ago: a fragment of it
     *  now is a copy, and must not start a new message that would expire as lost. */
    bool RecentlyDelivered(const Key& key);
    void Deliver(const Key& key, const Partial& partial);
    /** Discards a message still partial kStaleSeconds after its first fragment. */
    void Expire(Key key);

    int m_fragmentBytes;
    uint16_t m_port = 0;
    Receive m_receive;
    Lost m_lost;
    ns3::Ptr<ns3::Socket> m_socket;
    std::uint32_t m_nextSequence = 0;
    std::map<Key, Partial> m_partial;
    std::set<Key> m_delivered;                           // in the last kStaleSeconds
    std::deque<std::pair<ns3::Time, Key>> m_deliveredAt; // the same, oldest first
};

} // namespace eesim

#endif
