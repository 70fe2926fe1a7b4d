#ifndef EESIM_SIM_TOPOLOGY_LINK_CHANNELS_H
#define EESIM_SIM_TOPOLOGY_LINK_CHANNELS_H

#include "base/random.h"
#include "channel/wifi-snr-monitor.h"
#include "sim/scenario/scenario-links.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/link-environment.h"
#include "sim/topology/link-set.h"

#include <map>
#include <memory>
#include <ns3/ipv4-address.h>
#include <ns3/mac48-address.h>
#include <ns3/net-device-container.h>
#include <ns3/net-device.h>
#include <ns3/node-container.h>
#include <ns3/propagation-loss-model.h>
#include <optional>
#include <string>
#include <vector>

namespace eesim
{

/**
 * The radio side of a run beyond the Wi-Fi devices themselves: the links that carry features,
 * one LinkSet per registered link type (link-type.h) made by the type's factory, over the
 * environment they share (mean path loss, slow fading); the Wi-Fi propagation chain; per-frame
 * Wi-Fi SNR; the channel-state information a transmission decision sees; and what the
 * applications ask of a link, answered by its type's registration (the carrier) and link set
 * (the symbol path), never by the type's name.
 *
 * Each link type has its own link budget (digital: Wi-Fi's transmit power and noise floor;
 * analog: the analog links' power, bandwidth and noise figure). Both include the shared fading
 * processes; the per-frame Nakagami fading of Wi-Fi (propagation.nakagami_m) is not part of the
 * estimate.
 *
 * Fixed SNR and slow fading shape the links that carry features: the analog links, and Wi-Fi
 * when some link sends features over it. When every feature link is analog, Wi-Fi only brings
 * results back and keeps its propagation-based SNR.
 */
class LinkChannels
{
  public:
    LinkChannels(const Scenario& scenario, ns3::NodeContainer nodes);
    // The link sets keep a reference to the environment held here: never copied or moved.
    LinkChannels(const LinkChannels&) = delete;
    LinkChannels& operator=(const LinkChannels&) = delete;

    /** The loss chain for the Wi-Fi channel: log-distance (or a fixed received power for
     *  channel.snr fixed), then the shared fading processes, then Nakagami if configured. */
    ns3::Ptr<ns3::PropagationLossModel> WifiLossChain();
    /** The Wi-Fi receivers' noise figure (dB): ns-3's default 7 dB, or with channel.snr fixed
     *  whatever puts the noise floor channel.snr_db below the fixed received power. */
    double WifiNoiseFigureDb() const;
    /** Records per-frame SNR on these Wi-Fi devices (one per node, in node order), for the
     *  scenario's links: at each link's receiver, the frames from its sender. */
    void MonitorWifi(const ns3::NetDeviceContainer& devices);
    /** Installs every link of the scenario through the link set of its type. */
    void InstallFeatureLinks();
    /** Once the IP stack is on every node: each link set's IP step (LinkSet::InstallIp). */
    void InstallLinkIp();
    /** The address of `to`'s worker as seen from `from` when a link type with IP devices of its
     *  own carries the messages between them (LinkSet::Address); none when Wi-Fi does, and the
     *  workers send to `to`'s Wi-Fi address. */
    std::optional<ns3::Ipv4Address> Address(int from, int to) const;

    /** Whether features from `from` to `to` cross as channel symbols (the link's type
     *  registered LinkCarrier::kSymbols) rather than as messages through the transport. */
    bool CarriesSymbols(int from, int to) const;

    // The symbol path, each asked of the link set of the link's type (see LinkSet).

    /** The device on `from` that sends symbols to `to`, or null when there is none. */
    ns3::Ptr<ns3::NetDevice> SymbolSender(int from, int to) const;
    /** Devices on `node` that receive symbols, of every link type. */
    std::vector<ns3::Ptr<ns3::NetDevice>> SymbolReceivers(int node) const;
    /** The seed of the noise the symbol link from `from` to `to` adds to the transmission
     *  tagged `key`. */
    std::uint64_t SymbolNoiseSeed(int from, int to, std::uint64_t key) const;
    /** Channel symbols per second on the symbol link from `from` to `to`. */
    double SymbolRate(int from, int to) const;
    /** Transmit power (W) of the symbol link from `from` to `to`, for energy. */
    double SymbolTxWatts(int from, int to) const;

    /** SNR (dB) a transmission from `from` to `to` would see at time `seconds`. */
    double TrueSnrDb(int from, int to, double seconds) const;
    /** The transmission decision's SNR estimate now, as csi.mode says. */
    double EstimateSnrDb(int from, int to);
    /** SNR of the latest Wi-Fi frame `receiver` got from `sender`; NaN when none, and for pairs
     *  that are not a link of the scenario (only those are monitored). */
    double LastWifiSnrDb(int receiver, int sender) const;
    /** The SNR (dB) a message of features from `sender` books at `receiver`: the latest Wi-Fi
     *  frame's when the link's type rides Wi-Fi, else its link set's (LinkSet::LastSnrDb). */
    double ReceivedSnrDb(int receiver, int sender) const;

  private:
    /** The link set of the type that carries features from `from` to `to`. */
    const LinkSet& LinkSetOf(int from, int to) const;

    const Scenario& m_scenario;
    ns3::NodeContainer m_nodes;
    LinkEnvironment m_environment;
    std::map<std::string, std::unique_ptr<LinkSet>> m_linkSets; // by link type
    WifiSnrMonitor m_monitor;
    std::vector<ns3::Mac48Address> m_wifiAddresses;
    Random m_csiError;
};

} // namespace eesim

#endif
