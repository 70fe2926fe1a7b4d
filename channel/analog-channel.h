#ifndef EESIM_CHANNEL_ANALOG_CHANNEL_H
#define EESIM_CHANNEL_ANALOG_CHANNEL_H

#include "channel/link-budget.h"

#include <cstdint>
#include <ns3/channel.h>
#include <ns3/mac48-address.h>
#include <ns3/nstime.h>
#include <ns3/packet.h>
#include <ns3/propagation-delay-model.h>
#include <optional>
#include <vector>

namespace eesim
{

class AnalogNetDevice;

/**
 * The medium of an analog (deep-JSCC style) point-to-point link between two AnalogNetDevices.
 *
 * A transmission of n real symbols occupies the sender for n / SymbolRate and arrives at the peer
 * after that plus the propagation delay between the two nodes. Its SNR is evaluated once, at the
 * start of the transmission, from the LinkBudget between the sender's and the receiver's nodes;
 * the receiving device adds the corresponding noise. The link is full duplex: each direction
 * carries one transmission at a time, serialized by its sender.
 *
 * Nodes without a MobilityModel have zero propagation delay (and need a fixed-SNR budget).
 */
class AnalogChannel : public ns3::Channel
{
  public:
    static ns3::TypeId GetTypeId();

    AnalogChannel();

    /** Connects a device; a channel takes two. */
    void Attach(ns3::Ptr<AnalogNetDevice> device);
    void SetLinkBudget(const LinkBudget& budget);
    /** The budget; throws eesim::Error when none was set. */
    const LinkBudget& GetLinkBudget() const;

    /** How long `symbols` symbols occupy the sender: symbols / SymbolRate. */
    ns3::Time TransmitTime(std::size_t symbols) const;
    /** Propagation delay between the nodes of the two devices (zero without mobility). */
    ns3::Time PropagationDelay(ns3::Ptr<const AnalogNetDevice> from,
                               ns3::Ptr<const AnalogNetDevice> to) const;
    /** The other end of the link, or null. */
    ns3::Ptr<AnalogNetDevice> GetPeer(ns3::Ptr<const AnalogNetDevice> device) const;

    /**
     * Starts sending `packet` (symbols only) from `sender` now: fixes its SNR, schedules its
     * arrival at the peer and returns the transmit time.
     */
    ns3::Time Transmit(ns3::Ptr<const ns3::Packet> packet, uint16_t protocol,
                       ns3::Ptr<AnalogNetDevice> sender);

    /** Fixes the streams of the link budget's models and the delay model; returns the count. */
    std::int64_t AssignStreams(std::int64_t stream);

    std::size_t GetNDevices() const override;
    ns3::Ptr<ns3::NetDevice> GetDevice(std::size_t i) const override;

  protected:
    void DoDispose() override;
    void NotifyConstructionCompleted() override;

  private:
    double m_symbolRate = 1e6;
    ns3::Ptr<ns3::PropagationDelayModel> m_delayModel;
    std::optional<LinkBudget> m_budget;
    std::vector<ns3::Ptr<AnalogNetDevice>> m_devices;
};

} // namespace eesim

#endif
