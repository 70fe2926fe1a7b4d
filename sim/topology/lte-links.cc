#include "sim/topology/lte-links.h"

#include "base/json-text.h"
#include "sim/scenario/scenario-links.h"
#include "sim/scenario/wifi-support.h"
#include "sim/topology/link-type.h"

#include <algorithm>
#include <cmath>
#include <ns3/simulator.h>

namespace eesim
{

LteLinks::LteLinks(const LinkEnvironment& environment)
    : m_environment(environment)
{
}

void
LteLinks::Install(int from, int to)
{
    m_links.insert({ from, to });
    m_cellOf.emplace(from, to); // the first lte link of a device picks its cell
}

void
LteLinks::Finish()
{
    if (m_links.empty())
    {
        return; // nothing of LTE in this run: not even the EPC's nodes
    }
    m_cells = std::make_unique<LteCells>(m_environment, m_cellOf);
    m_cells->Build();
}

void
LteLinks::InstallIp()
{
    if (m_cells)
    {
        m_cells->InstallIp();
    }
}

double
LteLinks::SnrDb(int from, int /*to*/, double seconds) const
{
    return m_cells ? m_cells->SinrDb(from, seconds) : std::nan("");
}

std::optional<ns3::Ipv4Address>
LteLinks::Address(int from, int to) const
{
    if (m_links.count({ from, to }) != 0)
    {
        return m_cells->ServerAddress(to); // features up the UE's uplink
    }
    if (m_links.count({ to, from }) != 0)
    {
        return m_cells->UeAddress(to); // results down to the UE
    }
    return std::nullopt;
}

double
LteLinks::LastSnrDb(int /*receiver*/, int sender) const
{
    return SnrDb(sender, 0, ns3::Simulator::Now().GetSeconds());
}

namespace
{

const std::vector<int> kBandwidthsRb{ 6, 15, 25, 50, 75, 100 };
const std::vector<int> kSrsPeriodsMs{ 2, 5, 10, 20, 40, 80, 160, 320 };

const KeyTable&
LteKeys()
{
    static const KeyTable kKeys{
        keys::AddedLater(
            keys::Integer("bandwidth_rb", 25, 6, 100,
                          "uplink and downlink bandwidth in resource blocks: 6, 15, 25, 50, 75 "
                          "or 100 (1.4, 3, 5, 10, 15 or 20 MHz)")),
        keys::AddedLater(
            keys::Text("scheduler", "pf",
                       { "pf", "rr", "fd-mt", "td-mt", "tta", "fd-bet", "td-bet", "pss", "cqa" },
                       "the eNB's MAC scheduler (ns-3's FfMacScheduler of that name: "
                       "proportional fair, round robin, maximum throughput, throughput to "
                       "average, blind equal throughput, priority set, channel and QoS aware)")),
        keys::AddedLater(keys::Number("ue_tx_power_dbm", 23, -40, 30,
                                      "UE transmit power (dBm), fixed (uplink power control off)")),
        keys::AddedLater(keys::Number("enb_tx_power_dbm", 30, -10, 50, "eNB transmit power (dBm)")),
        keys::AddedLater(
            keys::Number("enb_height_m", 10, 1, 300,
                         "height of the eNB's antenna (m), which stands at its server's x and y")),
        keys::AddedLater(
            keys::Text("pathloss", "log-distance",
                       { "friis", "log-distance", "okumura-hata", "cost231", "hybrid-buildings",
                         "oh-buildings" },
                       "path-loss model (ns-3's of that name; log-distance with propagation.*, "
                       "like the other links; the buildings models with no buildings are "
                       "outdoor, with hybrid-buildings' shadowing)")),
        keys::AddedLater(
            keys::Integer("srs_periodicity_ms", 40, 2, 320,
                          "SRS period (ms): 2, 5, 10, 20, 40, 80, 160 or 320; one uplink SINR "
                          "report per UE and period, and a cell takes at most 3/4 of it in UEs")),
        keys::AddedLater(
            keys::Number("backhaul_delay_ms", 1, 0, 1e4,
                         "one-way delay between the PGW and the server (ms): about 1 for a MEC "
                         "server next to the base station, tens for a distant one")),
        keys::AddedLater(keys::Number("backhaul_rate_mbps", 10000, 0.001, 1e6,
                                      "data rate between the PGW and the server (Mb/s)")),
        keys::AddedLater(
            keys::Integer("rlc_buffer_bytes", 262144, 1024, 1e9,
                          "each bearer's RLC transmit buffer (bytes); what overflows is dropped "
                          "(ns-3's default of 10240 drops a single float32 feature message sent "
                          "over UDP)")),
    };
    return kKeys;
}

void
ReadSettings(const nlohmann::json& settings, ChannelConfig& channel)
{
    const auto key
        = [&](const std::string& name) { return ValueOrDefault(LteKeys(), name, settings); };
    LteConfig& c = channel.lte;
    c.bandwidthRb = key("bandwidth_rb");
    c.scheduler = key("scheduler");
    c.ueTxPowerDbm = key("ue_tx_power_dbm");
    c.enbTxPowerDbm = key("enb_tx_power_dbm");
    c.enbHeightM = key("enb_height_m");
    c.pathloss = key("pathloss");
    c.srsPeriodicityMs = key("srs_periodicity_ms");
    c.backhaulDelaySeconds = key("backhaul_delay_ms").get<double>() / 1000.0;
    c.backhaulRateMbps = key("backhaul_rate_mbps");
    c.rlcBufferBytes = key("rlc_buffer_bytes");
}

/** The UEs of the scenario's lte links, each with the server whose cell it attaches to: that of
 *  its first lte link, in the order LinkChannels installs them. */
std::map<int, int>
CellsOf(const Scenario& s)
{
    std::map<int, int> cellOf;
    for (const ScenarioLink& link : ScenarioLinks(s))
    {
        if (s.channel.LinkTypeOf(link.from, link.to) == "lte")
        {
            cellOf.emplace(link.from, link.to);
        }
    }
    return cellOf;
}

/** The most UEs a cell takes at an SRS period: ns-3 3.37 aborts an attach once the SRS indices
 *  run out (nsnam issue #885), and RACH retries use some up below the nominal one per
 *  millisecond of the period (measured: 16 UEs fail at 20 ms, 34 at 40 ms); three quarters of
 *  the period leaves that margin. */
int
MaxUesPerCell(int srsPeriodMs)
{
    return std::max(1, srsPeriodMs * 3 / 4);
}

/** The first request time lte links allow: the UEs attach within some 30 ms (ideal RRC) and the
 *  eNB reports their first uplink SINR within one SRS period after that. */
double
EarliestStartSeconds(int srsPeriodMs)
{
    return 0.2 + srsPeriodMs / 1000.0;
}

void
CheckSettings(const Scenario& s, std::vector<std::string>& errors)
{
    const LteConfig& c = s.channel.lte;
    const std::string at = s.file + ": /channel/lte/";
    if (std::find(kBandwidthsRb.begin(), kBandwidthsRb.end(), c.bandwidthRb) == kBandwidthsRb.end())
    {
        errors.push_back(at + "bandwidth_rb: expected one of " + DescribeIntegers(kBandwidthsRb)
                         + " (LTE's bandwidths of 1.4 to 20 MHz), got "
                         + std::to_string(c.bandwidthRb));
    }
    if (std::find(kSrsPeriodsMs.begin(), kSrsPeriodsMs.end(), c.srsPeriodicityMs)
        == kSrsPeriodsMs.end())
    {
        errors.push_back(at + "srs_periodicity_ms: expected one of "
                         + DescribeIntegers(kSrsPeriodsMs) + ", got "
                         + std::to_string(c.srsPeriodicityMs));
    }
}

/** Each lte link from a device to a server; each cell within its UE limit; requests after the
 *  cells are up. */
void
CheckScenario(const Scenario& s, std::vector<std::string>& errors)
{
    CheckSettings(s, errors);
    const std::map<int, int> cellOf = CellsOf(s);
    if (cellOf.empty())
    {
        return;
    }
    for (const ScenarioLink& link : ScenarioLinks(s))
    {
        const auto cell = cellOf.find(link.from);
        if (s.channel.LinkTypeOf(link.from, link.to) == "lte" && cell != cellOf.end()
            && cell->second != link.to)
        {
            errors.push_back(s.file + ": /channel: " + s.nodes[std::size_t(link.from)].name
                             + " has lte links to " + s.nodes[std::size_t(cell->second)].name
                             + " and " + s.nodes[std::size_t(link.to)].name
                             + ", but a UE attaches to one cell: one server per device");
            break;
        }
    }
    std::map<int, int> uesPerCell;
    for (const auto& [ue, server] : cellOf)
    {
        if (s.nodes[std::size_t(ue)].isServer || !s.nodes[std::size_t(server)].isServer)
        {
            errors.push_back(s.file + ": /channel: the link " + s.nodes[std::size_t(ue)].name
                             + " -> " + s.nodes[std::size_t(server)].name
                             + " is lte, but an lte link goes from a device (a UE) to a server "
                               "(behind the base station)");
        }
        ++uesPerCell[server];
    }
    const int limit = MaxUesPerCell(s.channel.lte.srsPeriodicityMs);
    for (const auto& [server, ues] : uesPerCell)
    {
        if (ues > limit)
        {
            errors.push_back(s.file + ": /channel/lte/srs_periodicity_ms: " + std::to_string(ues)
                             + " UEs in the cell of " + s.nodes[std::size_t(server)].name
                             + ", at most " + std::to_string(limit) + " at an SRS period of "
                             + std::to_string(s.channel.lte.srsPeriodicityMs)
                             + " ms (ns-3 3.37 aborts the attach of more); raise the period");
        }
    }
    const double earliest = EarliestStartSeconds(s.channel.lte.srsPeriodicityMs);
    if (s.startSeconds < earliest)
    {
        errors.push_back(s.file
                         + ": /requests/start_s: lte links need the UEs attached and their "
                           "first uplink SINR reported (0.2 s plus one SRS period): "
                           "expected at least "
                         + FormatNumber(earliest) + ", got " + FormatNumber(s.startSeconds));
    }
}

const Registration<LinkType> kRegistration{
    { "lte",
      "encoded bytes over ns-3's LTE uplink (EPC), from a device (UE) to a server behind the PGW",
      LteKeys(), LinkCarrier::kMessages,
      /*ridesWifi=*/false, ReadSettings,
      [](const MultiExitModel&, const ScenarioLink&) { return std::string(); },
      // The bytes reach the server intact or not at all, as on Wi-Fi: the digital calibration.
      [](const Scenario& scenario) { return "digital-" + FeatureEncodingName(scenario.encoding); },
      [](const LinkEnvironment& environment) -> std::unique_ptr<LinkSet>
      { return std::make_unique<LteLinks>(environment); },
      CheckScenario }
};

} // namespace

} // namespace eesim
