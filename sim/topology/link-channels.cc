#include "sim/topology/link-channels.h"

#include "base/seed-streams.h"
#include "sim/scenario/scenario-links.h"
#include "sim/topology/link-type.h"

#include <algorithm>
#include <cmath>
#include <ns3/double.h>
#include <ns3/simulator.h>
#include <set>

namespace eesim
{

namespace
{

/** Received power of every Wi-Fi frame with channel.snr fixed (dBm): well above the PHY's
 *  preamble-detection floor (-82 dBm), so the SNR alone decides what gets through. */
constexpr double kFixedSnrRxPowerDbm = -40.0;

} // namespace

LinkChannels::LinkChannels(const Scenario& scenario, ns3::NodeContainer nodes)
    : m_scenario(scenario)
    , m_nodes(nodes)
    , m_environment(scenario, nodes)
    , m_csiError(StreamSeed(SeedStream::kCsiError, scenario.seed))
{
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        m_linkSets[type.name] = type.create(m_environment);
    }
}

ns3::Ptr<ns3::PropagationLossModel>
LinkChannels::WifiLossChain()
{
    std::vector<ns3::Ptr<ns3::PropagationLossModel>> chain;
    const bool shaped = m_environment.WifiCarriesFeatures();
    if (shaped && m_scenario.channel.fixedSnr)
    {
        // Every frame arrives at the same power; WifiNoiseFigureDb puts the noise floor the
        // configured SNR below it.
        auto fixed = ns3::CreateObject<ns3::FixedRssLossModel>();
        fixed->SetAttribute("Rss", ns3::DoubleValue(kFixedSnrRxPowerDbm));
        chain.push_back(fixed);
    }
    else
    {
        chain.push_back(m_environment.MeanPathLoss());
    }
    if (shaped)
    {
        for (const auto& fading : m_environment.FadingModels())
        {
            chain.push_back(fading);
        }
    }
    if (m_scenario.nakagamiM > 0)
    {
        auto nakagami = ns3::CreateObject<ns3::NakagamiPropagationLossModel>();
        const ns3::DoubleValue m(m_scenario.nakagamiM);
        nakagami->SetAttribute("m0", m);
        nakagami->SetAttribute("m1", m);
        nakagami->SetAttribute("m2", m);
        chain.push_back(nakagami);
    }
    for (std::size_t i = 1; i < chain.size(); ++i)
    {
        chain[i - 1]->SetNext(chain[i]);
    }
    return chain.front();
}

double
LinkChannels::WifiNoiseFigureDb() const
{
    if (!m_scenario.channel.fixedSnr || !m_environment.WifiCarriesFeatures())
    {
        return LinkEnvironment::kWifiNoiseFigureDb;
    }
    const double thermal = LinkBudget::NoiseFloorDbm(m_scenario.channelWidthMhz * 1e6, 0.0);
    return kFixedSnrRxPowerDbm - m_scenario.channel.snrDb - thermal;
}

void
LinkChannels::MonitorWifi(const ns3::NetDeviceContainer& devices)
{
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        m_wifiAddresses.push_back(ns3::Mac48Address::ConvertFrom(devices.Get(i)->GetAddress()));
    }
    // LastWifiSnrDb is asked only where features arrive, of the node they came from: along the
    // scenario's links. Monitoring every node for every sender would cost a callback per frame
    // per node on the channel.
    std::map<int, std::set<ns3::Mac48Address>> senders; // by receiving node
    for (const ScenarioLink& link : ScenarioLinks(m_scenario))
    {
        senders[link.to].insert(m_wifiAddresses[std::size_t(link.from)]);
    }
    for (auto& [receiver, transmitters] : senders)
    {
        m_monitor.Install(devices.Get(uint32_t(receiver)), std::move(transmitters));
    }
}

void
LinkChannels::InstallFeatureLinks()
{
    std::set<std::pair<int, int>> installed; // a pair may carry features after several segments
    for (const ScenarioLink& link : ScenarioLinks(m_scenario))
    {
        if (installed.insert({ link.from, link.to }).second)
        {
            m_linkSets.at(m_scenario.channel.LinkTypeOf(link.from, link.to))
                ->Install(link.from, link.to);
        }
    }
    for (auto& [name, links] : m_linkSets)
    {
        links->Finish();
    }
}

void
LinkChannels::InstallLinkIp()
{
    for (auto& [name, links] : m_linkSets)
    {
        links->InstallIp();
    }
}

std::optional<ns3::Ipv4Address>
LinkChannels::Address(int from, int to) const
{
    // Features cross the link from -> to, results its reverse: either may be the type's link.
    for (const auto& [name, links] : m_linkSets)
    {
        if (const auto address = links->Address(from, to))
        {
            return address;
        }
    }
    return std::nullopt;
}

const LinkSet&
LinkChannels::LinkSetOf(int from, int to) const
{
    return *m_linkSets.at(m_scenario.channel.LinkTypeOf(from, to));
}

bool
LinkChannels::CarriesSymbols(int from, int to) const
{
    const LinkType* type = LinkTypeRegistry::Global().Find(m_scenario.channel.LinkTypeOf(from, to));
    return type->carrier == LinkCarrier::kSymbols;
}

ns3::Ptr<ns3::NetDevice>
LinkChannels::SymbolSender(int from, int to) const
{
    return LinkSetOf(from, to).SymbolSender(from, to);
}

std::vector<ns3::Ptr<ns3::NetDevice>>
LinkChannels::SymbolReceivers(int node) const
{
    // A node may receive over links of several types; in the types' (name) order.
    std::vector<ns3::Ptr<ns3::NetDevice>> receivers;
    for (const auto& [name, links] : m_linkSets)
    {
        for (const auto& device : links->SymbolReceivers(node))
        {
            receivers.push_back(device);
        }
    }
    return receivers;
}

std::uint64_t
LinkChannels::SymbolNoiseSeed(int from, int to, std::uint64_t key) const
{
    return LinkSetOf(from, to).SymbolNoiseSeed(from, to, key);
}

double
LinkChannels::SymbolRate(int from, int to) const
{
    return LinkSetOf(from, to).SymbolRate(from, to);
}

double
LinkChannels::SymbolTxWatts(int from, int to) const
{
    return LinkSetOf(from, to).SymbolTxWatts(from, to);
}

double
LinkChannels::TrueSnrDb(int from, int to, double seconds) const
{
    return LinkSetOf(from, to).SnrDb(from, to, seconds);
}

double
LinkChannels::EstimateSnrDb(int from, int to)
{
    const ChannelConfig& c = m_scenario.channel;
    const double now = ns3::Simulator::Now().GetSeconds();
    if (c.csiMode == "delayed")
    {
        return TrueSnrDb(from, to, std::max(0.0, now - c.csiDelaySeconds));
    }
    const double snr = TrueSnrDb(from, to, now);
    return c.csiMode == "noisy" ? snr + c.csiSigmaDb * m_csiError.Normal() : snr;
}

double
LinkChannels::LastWifiSnrDb(int receiver, int sender) const
{
    if (std::size_t(sender) >= m_wifiAddresses.size())
    {
        return std::nan("");
    }
    return m_monitor.LastSnrDb(m_nodes.Get(uint32_t(receiver))->GetId(),
                               m_wifiAddresses[std::size_t(sender)]);
}

double
LinkChannels::ReceivedSnrDb(int receiver, int sender) const
{
    const LinkType* type
        = LinkTypeRegistry::Global().Find(m_scenario.channel.LinkTypeOf(sender, receiver));
    return type->ridesWifi ? LastWifiSnrDb(receiver, sender)
                           : LinkSetOf(sender, receiver).LastSnrDb(receiver, sender);
}

} // namespace eesim
