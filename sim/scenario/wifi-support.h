#ifndef EESIM_SIM_SCENARIO_WIFI_SUPPORT_H
#define EESIM_SIM_SCENARIO_WIFI_SUPPORT_H

#include <ns3/wifi-standards.h>
#include <string>
#include <vector>

namespace eesim
{

/**
 * What ns-3's Wi-Fi supports for one of the scenario's standards (802.11n, 802.11ac, 802.11ax) in
 * the 5 GHz band, for eesim's nodes, which have one antenna each. The answers come from ns-3
 * itself -- its table of frequency channels, its standard's widest channel, and the MCS list and
 * per-mode rules of a PHY configured for the standard -- so that `validate` refuses exactly what
 * ns-3 would abort on during a run, and follows ns-3 when it changes.
 */
class WifiSupport
{
  public:
    /** `standard` is one of the scenario's standard names; any other is 802.11ax. */
    explicit WifiSupport(const std::string& standard);

    ns3::WifiStandard Standard() const { return m_standard; }

    /** The channel widths (MHz) the standard has in the 5 GHz band, narrowest first. */
    std::vector<int> ChannelWidthsMhz() const;

    /** The MCS indices a single-antenna node can send at `widthMhz` with this standard. */
    std::vector<int> UsableMcs(int widthMhz) const;

    /** ns-3's name of the data mode with MCS `mcs` (HtMcsN, VhtMcsN or HeMcsN). */
    std::string ModeName(int mcs) const;

  private:
    std::string m_name;
    ns3::WifiStandard m_standard;
};

/** "0 to 7", or "0 to 8, 10" for a list with gaps: a list of integers for an error message. */
std::string DescribeIntegers(const std::vector<int>& values);

} // namespace eesim

#endif
