#ifndef EESIM_CHANNEL_ANALOG_LINK_HELPER_H
#define EESIM_CHANNEL_ANALOG_LINK_HELPER_H

#include "channel/link-budget.h"

#include <cstdint>
#include <ns3/net-device-container.h>
#include <ns3/node.h>
#include <ns3/object-factory.h>
#include <string>

namespace eesim
{

/**
 * Builds analog links: one AnalogChannel and two AnalogNetDevices (with fresh MAC addresses)
 * between two nodes. The devices are added to the nodes, so Node protocol handlers receive
 * their packets (or set a device's receive callback directly after Install).
 */
class AnalogLinkHelper
{
  public:
    AnalogLinkHelper();

    /** Attributes for the channels of later installs, e.g. "SymbolRate". */
    void SetChannelAttribute(const std::string& name, const ns3::AttributeValue& value);
    /** Attributes for the devices of later installs, e.g. "NoiseSeed". */
    void SetDeviceAttribute(const std::string& name, const ns3::AttributeValue& value);

    /** Links `a` and `b` under `budget`; returns {device on a, device on b}. */
    ns3::NetDeviceContainer Install(ns3::Ptr<ns3::Node> a, ns3::Ptr<ns3::Node> b,
                                    const LinkBudget& budget) const;

    /**
     * Fixes the random streams of the channels of these devices (their link budgets' models and
     * delay models), from `stream` on; returns how many were used. Models shared between
     * channels get the stream of the last channel.
     */
    static std::int64_t AssignStreams(const ns3::NetDeviceContainer& devices, std::int64_t stream);

  private:
    ns3::ObjectFactory m_channelFactory;
    ns3::ObjectFactory m_deviceFactory;
};

} // namespace eesim

#endif
