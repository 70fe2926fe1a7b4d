#include "sim/scenario/wifi-support.h"

#include <algorithm>
#include <ns3/string.h>
#include <ns3/wifi-phy-band.h>
#include <ns3/wifi-phy-operating-channel.h>
#include <ns3/yans-wifi-phy.h>
#include <set>
#include <tuple>

namespace eesim
{

namespace
{

ns3::WifiStandard
StandardNamed(const std::string& name)
{
    if (name == "802.11n")
    {
        return ns3::WIFI_STANDARD_80211n;
    }
    if (name == "802.11ac")
    {
        return ns3::WIFI_STANDARD_80211ac;
    }
    return ns3::WIFI_STANDARD_80211ax;
}

/** A PHY configured for `standard` on a 20 MHz channel (every standard has one), as the question
 *  "which modes does this standard have" is asked of ns-3. */
ns3::Ptr<ns3::YansWifiPhy>
ConfiguredPhy(ns3::WifiStandard standard)
{
    auto phy = ns3::CreateObject<ns3::YansWifiPhy>();
    phy->SetAttribute("ChannelSettings", ns3::StringValue("{0, 20, BAND_5GHZ, 0}"));
    phy->ConfigureStandard(standard);
    return phy;
}

/** The spatial streams a mode needs: an HT MCS index counts them (8 per stream, as ns-3's
 *  constant-rate manager reads it); VHT and HE give the streams separately, and we send one. */
int
StreamsFor(const ns3::WifiMode& mode)
{
    return mode.GetModulationClass() == ns3::WIFI_MOD_CLASS_HT ? 1 + mode.GetMcsValue() / 8 : 1;
}

} // namespace

WifiSupport::WifiSupport(const std::string& standard)
    : m_name(standard)
    , m_standard(StandardNamed(standard))
{
}

std::vector<int>
WifiSupport::ChannelWidthsMhz() const
{
    std::set<int> widths;
    const int widest = ns3::GetMaximumChannelWidth(m_standard);
    const auto type = ns3::GetFrequencyChannelType(m_standard);
    for (const auto& channel : ns3::WifiPhyOperatingChannel::m_frequencyChannels)
    {
        const int width = std::get<2>(channel);
        if (std::get<3>(channel) == type && std::get<4>(channel) == ns3::WIFI_PHY_BAND_5GHZ
            && width <= widest)
        {
            widths.insert(width);
        }
    }
    return { widths.begin(), widths.end() };
}

std::vector<int>
WifiSupport::UsableMcs(int widthMhz) const
{
    const auto phy = ConfiguredPhy(m_standard);
    const int antennas = phy->GetMaxSupportedTxSpatialStreams();
    std::vector<int> usable;
    for (const ns3::WifiMode& mode :
         phy->GetMcsList(ns3::GetModulationClassForStandard(m_standard)))
    {
        const int streams = StreamsFor(mode);
        if (streams <= antennas && mode.IsAllowed(uint16_t(widthMhz), uint8_t(streams)))
        {
            usable.push_back(mode.GetMcsValue());
        }
    }
    phy->Dispose();
    std::sort(usable.begin(), usable.end());
    return usable;
}

std::string
WifiSupport::ModeName(int mcs) const
{
    const auto phy = ConfiguredPhy(m_standard);
    const std::string name
        = phy->GetMcs(ns3::GetModulationClassForStandard(m_standard), uint8_t(mcs)).GetUniqueName();
    phy->Dispose();
    return name;
}

std::string
DescribeIntegers(const std::vector<int>& values)
{
    std::string text;
    for (std::size_t i = 0; i < values.size();)
    {
        std::size_t end = i;
        while (end + 1 < values.size() && values[end + 1] == values[end] + 1)
        {
            ++end;
        }
        text += (text.empty() ? "" : ", ") + std::to_string(values[i]);
        if (end > i)
        {
            text += (end == i + 1 ? ", " : " to ") + std::to_string(values[end]);
        }
        i = end + 1;
    }
    return text;
}

} // namespace eesim
