#include "sim/topology/link-channels.h"

#include "base/seed-streams.h"
#include "channel/analog-link-helper.h"

#include <algorithm>
#include <cmath>
#include <ns3/double.h>
#include <ns3/nstime.h>
#include <ns3/simulator.h>
#include <ns3/uinteger.h>
#include <ns3/wifi-net-device.h>

namespace eesim
{

namespace
{

// Fixed random-stream bases (the Wi-Fi ones are in topology-builder.cc).
constexpr int64_t kFadingStreams = 4000;
constexpr int64_t kAnalogStreams = 5000;

/** ns-3's YansWifiPhy default receiver noise figure (dB). */
constexpr double kWifiNoiseFigureDb = 7.0;

ns3::Ptr<ns3::PropagationLossModel>
LogDistance(const Scenario& scenario)
{
    auto model = ns3::CreateObject<ns3::LogDistancePropagationLossModel>();
    model->SetAttribute("Exponent", ns3::DoubleValue(scenario.pathLossExponent));
    model->SetAttribute("ReferenceLoss", ns3::DoubleValue(scenario.referenceLossDb));
    return model;
}

/** Received power of every Wi-Fi frame with channel.snr fixed (dBm): well above the PHY's
 *  preamble-detection floor (-82 dBm), so the SNR alone decides what gets through. */
constexpr double kFixedSnrRxPowerDbm = -40.0;

} // namespace

namespace
{

/** Whether Wi-Fi carries features on some link; if not, it only returns results and the
 *  channel keys (fixed SNR, fading) leave it alone. */
bool
WifiCarriesFeatures(const Scenario& scenario)
{
    const auto links = ScenarioLinks(scenario);
    return std::any_of(links.begin(), links.end(),
                       [&](const ScenarioLink& link)
                       { return !scenario.channel.IsAnalog(link.from, link.to); });
}

} // namespace

LinkChannels::LinkChannels(const Scenario& scenario, ns3::NodeContainer nodes)
    : m_scenario(scenario)
    , m_nodes(nodes)
    , m_wifiShapedByChannelKeys(WifiCarriesFeatures(scenario))
    , m_wifiBudget(scenario.channel.fixedSnr && m_wifiShapedByChannelKeys
                       ? LinkBudget::FixedSnr(scenario.channel.snrDb)
                       : LinkBudget::FromPropagation(scenario.txPowerDbm, LogDistance(scenario),
                                                     scenario.channelWidthMhz * 1e6,
                                                     kWifiNoiseFigureDb))
    , m_analogBudget(scenario.channel.fixedSnr
                         ? LinkBudget::FixedSnr(scenario.channel.snrDb)
                         : LinkBudget::FromPropagation(scenario.channel.analogTxPowerDbm,
                                                       LogDistance(scenario),
                                                       scenario.channel.analogBandwidthHz,
                                                       scenario.channel.analogNoiseFigureDb))
    , m_csiError(StreamSeed(SeedStream::kCsiError, scenario.seed))
{
    m_analogBudget.SetTxPowerDbm(scenario.channel.analogTxPowerDbm);
    MakeFadingModels();
    if (m_wifiShapedByChannelKeys)
    {
        AddFading(m_wifiBudget);
    }
    AddFading(m_analogBudget);
}

void
LinkChannels::MakeFadingModels()
{
    const ChannelConfig& c = m_scenario.channel;
    if (c.fading == "block")
    {
        m_blockFading = ns3::CreateObject<BlockFadingLossModel>();
        m_blockFading->SetAttribute("CoherenceTime",
                                    ns3::TimeValue(ns3::Seconds(c.coherenceSeconds)));
        m_blockFading->AssignStreams(kFadingStreams);
    }
    else if (c.fading == "gilbert-elliott")
    {
        m_gilbertElliott = ns3::CreateObject<GilbertElliottLossModel>();
        m_gilbertElliott->SetAttribute("BadLoss", ns3::DoubleValue(c.badLossDb));
        m_gilbertElliott->SetAttribute("MeanGoodTime",
                                       ns3::TimeValue(ns3::Seconds(c.meanGoodSeconds)));
        m_gilbertElliott->SetAttribute("MeanBadTime",
                                       ns3::TimeValue(ns3::Seconds(c.meanBadSeconds)));
        m_gilbertElliott->AssignStreams(kFadingStreams);
    }
}

void
LinkChannels::AddFading(LinkBudget& budget) const
{
    if (m_blockFading)
    {
        budget.SetBlockFading(m_blockFading);
    }
    if (m_gilbertElliott)
    {
        budget.SetGilbertElliott(m_gilbertElliott);
    }
}

ns3::Ptr<ns3::PropagationLossModel>
LinkChannels::WifiLossChain()
{
    std::vector<ns3::Ptr<ns3::PropagationLossModel>> chain;
    const bool shaped = m_wifiShapedByChannelKeys;
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
        chain.push_back(LogDistance(m_scenario));
    }
    if (shaped && m_blockFading)
    {
        chain.push_back(m_blockFading);
    }
    if (shaped && m_gilbertElliott)
    {
        chain.push_back(m_gilbertElliott);
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
    if (!m_scenario.channel.fixedSnr || !m_wifiShapedByChannelKeys)
    {
        return kWifiNoiseFigureDb;
    }
    const double thermal = LinkBudget::NoiseFloorDbm(m_scenario.channelWidthMhz * 1e6, 0.0);
    return kFixedSnrRxPowerDbm - m_scenario.channel.snrDb - thermal;
}

void
LinkChannels::MonitorWifi(const ns3::NetDeviceContainer& devices)
{
    m_monitor.Install(devices);
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        m_wifiAddresses.push_back(ns3::Mac48Address::ConvertFrom(devices.Get(i)->GetAddress()));
    }
}

void
LinkChannels::InstallAnalogLinks()
{
    AnalogLinkHelper helper;
    helper.SetChannelAttribute("SymbolRate", ns3::DoubleValue(m_scenario.channel.symbolRate));
    // The noise of each transmission is a function of the run's seed and the request.
    helper.SetDeviceAttribute(
        "NoiseSeed", ns3::UintegerValue(StreamSeed(SeedStream::kAnalogNoise, m_scenario.seed)));
    ns3::NetDeviceContainer all;
    for (const ScenarioLink& link : ScenarioLinks(m_scenario))
    {
        if (!m_scenario.channel.IsAnalog(link.from, link.to)
            || m_analogSenders.count({ link.from, link.to }) != 0)
        {
            continue;
        }
        const ns3::NetDeviceContainer pair = helper.Install(
            m_nodes.Get(uint32_t(link.from)), m_nodes.Get(uint32_t(link.to)), m_analogBudget);
        m_analogSenders[{ link.from, link.to }] = pair.Get(0)->GetObject<AnalogNetDevice>();
        m_analogLinkReceivers[{ link.from, link.to }] = pair.Get(1)->GetObject<AnalogNetDevice>();
        m_analogReceivers[link.to].push_back(pair.Get(1)->GetObject<AnalogNetDevice>());
        all.Add(pair);
    }
    AnalogLinkHelper::AssignStreams(all, kAnalogStreams);
}

ns3::Ptr<AnalogNetDevice>
LinkChannels::AnalogSender(int from, int to) const
{
    const auto it = m_analogSenders.find({ from, to });
    return it == m_analogSenders.end() ? nullptr : it->second;
}

std::uint64_t
LinkChannels::AnalogNoiseSeed(int from, int to, std::uint64_t key) const
{
    return m_analogLinkReceivers.at({ from, to })->ReceptionNoiseSeed(key);
}

std::vector<ns3::Ptr<AnalogNetDevice>>
LinkChannels::AnalogReceivers(int node) const
{
    const auto it = m_analogReceivers.find(node);
    return it == m_analogReceivers.end() ? std::vector<ns3::Ptr<AnalogNetDevice>>() : it->second;
}

double
LinkChannels::TrueSnrDb(int from, int to, double seconds) const
{
    const LinkBudget& budget
        = m_scenario.channel.IsAnalog(from, to) ? m_analogBudget : m_wifiBudget;
    return budget.SnrDb(m_nodes.Get(uint32_t(from)), m_nodes.Get(uint32_t(to)),
                        ns3::Seconds(seconds));
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
LinkChannels::AnalogTxWatts() const
{
    return std::pow(10.0, (m_scenario.channel.analogTxPowerDbm - 30.0) / 10.0);
}

} // namespace eesim
