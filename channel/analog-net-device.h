#ifndef EESIM_CHANNEL_ANALOG_NET_DEVICE_H
#define EESIM_CHANNEL_ANALOG_NET_DEVICE_H

#include <cstdint>
#include <deque>
#include <ns3/event-id.h>
#include <ns3/mac48-address.h>
#include <ns3/net-device.h>
#include <ns3/node.h>
#include <ns3/traced-callback.h>
#include <utility>

namespace eesim
{

class AnalogChannel;

/**
 * One end of an analog point-to-point link (see AnalogChannel). A packet's payload is a sequence
 * of float32 channel symbols (see symbol-packet.h); Send refuses other sizes.
 *
 * Sending: packets wait in an unbounded FIFO and leave one at a time, each occupying the device
 * for symbols / SymbolRate. Receiving: the device adds Gaussian noise at the transmission's SNR
 * to a copy of the symbols, drawn from NoiseSeed(NoiseSeed attribute, key), where the key is the
 * packet's SymbolNoiseTag if the sender set one and otherwise the count of untagged packets this
 * device received before; then it fires RxSnr and Rx and hands the noisy packet (with the sender's
 * packet tags and uid) to the receive callbacks.
 *
 * The MTU is only reported (NetDevice's MTU is 16 bits): symbol packets of any length are sent.
 * Transmit power lives in the channel's LinkBudget, not here.
 */
class AnalogNetDevice : public ns3::NetDevice
{
  public:
    static ns3::TypeId GetTypeId();

    AnalogNetDevice();

    /** Connects the device to its channel (which must take it as one of its two ends). */
    void Attach(ns3::Ptr<AnalogChannel> channel);
    /** Called by the channel when a transmission has fully arrived. */
    void Receive(ns3::Ptr<ns3::Packet> packet, double snrDb, uint16_t protocol,
                 ns3::Mac48Address from);
    /** Called by the channel when both ends are attached. */
    void NotifyLinkUp();

    /** The noise seed of a reception with noise key `key`. */
    std::uint64_t ReceptionNoiseSeed(std::uint64_t key) const;
    /** Packets waiting to be sent (not counting the one on the air). */
    std::size_t GetQueueLength() const { return m_queue.size(); }
    bool IsTransmitting() const { return m_transmitting; }

    // ns3::NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    ns3::Ptr<ns3::Channel> GetChannel() const override;
    void SetAddress(ns3::Address address) override;
    ns3::Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(ns3::Callback<void> callback) override;
    bool IsBroadcast() const override;
    ns3::Address GetBroadcast() const override;
    bool IsMulticast() const override;
    ns3::Address GetMulticast(ns3::Ipv4Address multicastGroup) const override;
    ns3::Address GetMulticast(ns3::Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(ns3::Ptr<ns3::Packet> packet, const ns3::Address& dest, uint16_t protocol) override;
    bool SendFrom(ns3::Ptr<ns3::Packet> packet, const ns3::Address& source,
                  const ns3::Address& dest, uint16_t protocol) override;
    ns3::Ptr<ns3::Node> GetNode() const override;
    void SetNode(ns3::Ptr<ns3::Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(ns3::NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(ns3::NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

    /** Signature of the RxSnr trace: the delivered (noisy) packet and its SNR in dB. */
    typedef void (*RxSnrTracedCallback)(ns3::Ptr<const ns3::Packet> packet, double snrDb);

  protected:
    void DoDispose() override;

  private:
    void StartTransmission();
    void TransmitComplete();
    std::uint64_t NoiseKey(ns3::Ptr<const ns3::Packet> packet);

    ns3::Ptr<AnalogChannel> m_channel;
    ns3::Ptr<ns3::Node> m_node;
    ns3::Mac48Address m_address;
    uint32_t m_ifIndex = 0;
    uint16_t m_mtu = 65535;
    std::uint64_t m_noiseSeed = 0;
    std::uint64_t m_untaggedReceptions = 0;
    bool m_linkUp = false;
    bool m_transmitting = false;
    std::deque<std::pair<ns3::Ptr<ns3::Packet>, uint16_t>> m_queue; // packet, protocol
    ns3::EventId m_transmitEnd;
    ns3::NetDevice::ReceiveCallback m_rxCallback;
    ns3::NetDevice::PromiscReceiveCallback m_promiscRxCallback;
    ns3::TracedCallback<> m_linkChangeCallbacks;
    ns3::TracedCallback<ns3::Ptr<const ns3::Packet>> m_txTrace;
    ns3::TracedCallback<ns3::Ptr<const ns3::Packet>> m_rxTrace;
    ns3::TracedCallback<ns3::Ptr<const ns3::Packet>, double> m_rxSnrTrace;
};

} // namespace eesim

#endif
