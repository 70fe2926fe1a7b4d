#ifndef EESIM_SIM_TOPOLOGY_TOPOLOGY_BUILDER_H
#define EESIM_SIM_TOPOLOGY_TOPOLOGY_BUILDER_H

#include "sim/scenario/scenario.h"
#include "sim/topology/link-channels.h"

#include <memory>
#include <ns3/ipv4-address.h>
#include <ns3/net-device-container.h>
#include <ns3/node-container.h>
#include <string>
#include <vector>

namespace eesim
{

/** The ns-3 objects a scenario becomes: one node per scenario node, in the same order. */
struct Topology
{
    ns3::NodeContainer nodes;
    ns3::NetDeviceContainer devices;
    /** Each node's Wi-Fi address; LinkChannels::Address says where a link type has others. */
    std::vector<ns3::Ipv4Address> addresses;
    /** Fading, the feature links of every type, per-frame SNR and channel-state estimates. */
    std::unique_ptr<LinkChannels> channels;
};

/**
 * Builds the network of a scenario: mobility (constant position or constant velocity), one
 * Wi-Fi channel with log-distance path loss (or a fixed SNR), the scenario's slow fading and
 * optional Nakagami fading, 802.11n/ac/ax devices
 * (the server as access point, or an ad hoc network), rate control, IPv4 with pre-filled ARP
 * caches, the feature links of every type (the analog links' devices; the LTE cells, whose
 * addresses, routes and attachment follow the IP stack), and, when asked, pcap traces under
 * `outputFolder`. Random streams are assigned from fixed bases so that a run depends only on its
 * seed.
 */
class TopologyBuilder
{
  public:
    static Topology Build(const Scenario& scenario, const std::string& outputFolder);
};

} // namespace eesim

#endif
