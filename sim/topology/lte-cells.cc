#include "sim/topology/lte-cells.h"

#include "channel/link-budget.h"

#include <algorithm>
#include <cmath>
#include <ns3/boolean.h>
#include <ns3/buildings-helper.h>
#include <ns3/config.h>
#include <ns3/constant-position-mobility-model.h>
#include <ns3/data-rate.h>
#include <ns3/double.h>
#include <ns3/internet-stack-helper.h>
#include <ns3/ipv4-address-helper.h>
#include <ns3/ipv4-static-routing-helper.h>
#include <ns3/lte-enb-net-device.h>
#include <ns3/lte-enb-phy.h>
#include <ns3/lte-enb-rrc.h>
#include <ns3/lte-ue-net-device.h>
#include <ns3/lte-ue-phy.h>
#include <ns3/mobility-model.h>
#include <ns3/node-list.h>
#include <ns3/point-to-point-helper.h>
#include <ns3/simulator.h>
#include <ns3/spectrum-channel.h>
#include <ns3/string.h>
#include <ns3/uinteger.h>

namespace eesim
{

namespace
{

// Fixed random-stream bases (the others are in topology-builder.cc, link-environment.cc and
// analog-links.cc): ns-3's automatic stream numbering is not reset between runs.
constexpr int64_t kLteStreams = 6000;
constexpr int64_t kLtePathLossStreams = 7000;
constexpr int64_t kLteInternetStreams = 8000;

/** The ns-3 scheduler of channel.lte.scheduler. */
std::string
SchedulerType(const std::string& name)
{
    static const std::map<std::string, std::string> kTypes{
        { "pf", "ns3::PfFfMacScheduler" },        { "rr", "ns3::RrFfMacScheduler" },
        { "fd-mt", "ns3::FdMtFfMacScheduler" },   { "td-mt", "ns3::TdMtFfMacScheduler" },
        { "tta", "ns3::TtaFfMacScheduler" },      { "fd-bet", "ns3::FdBetFfMacScheduler" },
        { "td-bet", "ns3::TdBetFfMacScheduler" }, { "pss", "ns3::PssFfMacScheduler" },
        { "cqa", "ns3::CqaFfMacScheduler" },
    };
    return kTypes.at(name);
}

/** The ns-3 path-loss model of channel.lte.pathloss. */
std::string
PathlossType(const std::string& name)
{
    static const std::map<std::string, std::string> kTypes{
        { "friis", "ns3::FriisPropagationLossModel" },
        { "log-distance", "ns3::LogDistancePropagationLossModel" },
        { "okumura-hata", "ns3::OkumuraHataPropagationLossModel" },
        { "cost231", "ns3::Cost231PropagationLossModel" },
        { "hybrid-buildings", "ns3::HybridBuildingsPropagationLossModel" },
        { "oh-buildings", "ns3::OhBuildingsPropagationLossModel" },
    };
    return kTypes.at(name);
}

bool
IsBuildingsModel(const std::string& name)
{
    return name == "hybrid-buildings" || name == "oh-buildings";
}

} // namespace

LteCells::LteCells(const LinkEnvironment& environment, std::map<int, int> cellOf)
    : m_environment(environment)
    , m_cellOf(std::move(cellOf))
{
    for (const auto& [ue, server] : m_cellOf)
    {
        m_ues.push_back(ue);
        m_servers.push_back(server);
    }
    std::sort(m_servers.begin(), m_servers.end());
    m_servers.erase(std::unique(m_servers.begin(), m_servers.end()), m_servers.end());
    for (const auto& [ue, server] : m_cellOf)
    {
        const auto cell = std::find(m_servers.begin(), m_servers.end(), server);
        m_enbOf[ue] = uint32_t(cell - m_servers.begin());
    }
}

void
LteCells::Build()
{
    const uint32_t firstOwnNode = ns3::NodeList::GetNNodes();
    // The EPC helper makes the SGW, PGW and MME nodes as it is created: after the scenario's.
    m_lte = ns3::CreateObject<ns3::LteHelper>();
    m_epc = ns3::CreateObject<ns3::PointToPointEpcHelper>();
    m_lte->SetEpcHelper(m_epc);
    ConfigureHelper();
    InstallEnbs();
    InstallUes();
    InstallBackhaul();
    AssignStreams();
    ns3::NodeContainer own;
    for (uint32_t id = firstOwnNode; id < ns3::NodeList::GetNNodes(); ++id)
    {
        own.Add(ns3::NodeList::GetNode(id));
    }
    ns3::InternetStackHelper().AssignStreams(own, kLteInternetStreams);
}

void
LteCells::ConfigureHelper()
{
    const LteConfig& c = m_environment.GetScenario().channel.lte;
    m_lte->SetSchedulerType(SchedulerType(c.scheduler));
    m_lte->SetEnbDeviceAttribute("UlBandwidth", ns3::UintegerValue(uint32_t(c.bandwidthRb)));
    m_lte->SetEnbDeviceAttribute("DlBandwidth", ns3::UintegerValue(uint32_t(c.bandwidthRb)));
    m_lte->SetPathlossModelType(ns3::TypeId::LookupByName(PathlossType(c.pathloss)));
    if (c.pathloss == "log-distance")
    {
        // The mean path loss every other link of the scenario has (propagation.*).
        const Scenario& s = m_environment.GetScenario();
        m_lte->SetPathlossModelAttribute("Exponent", ns3::DoubleValue(s.pathLossExponent));
        m_lte->SetPathlossModelAttribute("ReferenceLoss", ns3::DoubleValue(s.referenceLossDb));
    }
    else if (c.pathloss == "cost231")
    {
        m_lte->SetPathlossModelAttribute("BSAntennaHeight", ns3::DoubleValue(c.enbHeightM));
    }
    // The eNB's RRC and the bearers' RLC entities are made inside ns-3 (the RLC ones only when
    // a bearer starts, during the run), out of the helper's reach: their defaults it is. Every
    // run starts with Config::Reset (simulation.cc), so they do not leak into the next run.
    ns3::Config::SetDefault("ns3::LteEnbRrc::SrsPeriodicity",
                            ns3::UintegerValue(uint32_t(c.srsPeriodicityMs)));
    ns3::Config::SetDefault("ns3::LteRlcUm::MaxTxBufferSize",
                            ns3::UintegerValue(uint32_t(c.rlcBufferBytes)));
    ns3::Config::SetDefault("ns3::LteRlcAm::MaxTxBufferSize",
                            ns3::UintegerValue(uint32_t(c.rlcBufferBytes)));
}

void
LteCells::InstallEnbs()
{
    const Scenario& s = m_environment.GetScenario();
    m_enbNodes.Create(uint32_t(m_servers.size()));
    for (std::size_t k = 0; k < m_servers.size(); ++k)
    {
        // The base station stands where its server is (MEC next to the base station).
        const auto& p = s.nodes[std::size_t(m_servers[k])].positionM;
        auto position = ns3::CreateObject<ns3::ConstantPositionMobilityModel>();
        position->SetPosition(ns3::Vector(p[0], p[1], s.channel.lte.enbHeightM));
        m_enbNodes.Get(uint32_t(k))->AggregateObject(position);
    }
    if (IsBuildingsModel(s.channel.lte.pathloss))
    {
        ns3::BuildingsHelper::Install(m_enbNodes);
    }
    m_enbDevices = m_lte->InstallEnbDevice(m_enbNodes);
    for (uint32_t k = 0; k < m_enbDevices.GetN(); ++k)
    {
        m_enbDevices.Get(k)->GetObject<ns3::LteEnbNetDevice>()->GetPhy()->SetTxPower(
            s.channel.lte.enbTxPowerDbm);
    }
}

void
LteCells::InstallUes()
{
    const LteConfig& c = m_environment.GetScenario().channel.lte;
    ns3::NodeContainer ues;
    for (int ue : m_ues)
    {
        ues.Add(m_environment.GetNodes().Get(uint32_t(ue)));
    }
    if (IsBuildingsModel(c.pathloss))
    {
        ns3::BuildingsHelper::Install(ues);
    }
    m_ueDevices = m_lte->InstallUeDevice(ues);
    for (std::size_t i = 0; i < m_ues.size(); ++i)
    {
        const auto device = m_ueDevices.Get(uint32_t(i))->GetObject<ns3::LteUeNetDevice>();
        // Open-loop power control would set the power itself (up to 23 dBm): off, so that the
        // configured power is the one transmitted.
        device->GetPhy()->SetAttribute("EnableUplinkPowerControl", ns3::BooleanValue(false));
        device->GetPhy()->SetTxPower(c.ueTxPowerDbm);
        m_ueOfImsi[device->GetImsi()] = m_ues[i];
    }
}

void
LteCells::InstallBackhaul()
{
    const LteConfig& c = m_environment.GetScenario().channel.lte;
    ns3::PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", ns3::DataRateValue(ns3::DataRate(
                                            uint64_t(std::llround(c.backhaulRateMbps * 1e6)))));
    link.SetDeviceAttribute("Mtu", ns3::UintegerValue(1500));
    link.SetChannelAttribute("Delay", ns3::TimeValue(ns3::Seconds(c.backhaulDelaySeconds)));
    for (int server : m_servers)
    {
        m_backhaul.push_back(
            link.Install(m_epc->GetPgwNode(), m_environment.GetNodes().Get(uint32_t(server))));
    }
}

void
LteCells::AssignStreams()
{
    const int64_t used = m_lte->AssignStreams(m_enbDevices, kLteStreams);
    m_lte->AssignStreams(m_ueDevices, kLteStreams + used);
    // The helper leaves the path-loss models out (the buildings models' shadowing draws).
    m_lte->GetUplinkSpectrumChannel()->GetPropagationLossModel()->AssignStreams(
        kLtePathLossStreams);
    m_lte->GetDownlinkSpectrumChannel()->GetPropagationLossModel()->AssignStreams(
        kLtePathLossStreams + 100);
}

void
LteCells::InstallIp()
{
    ns3::Ipv4StaticRoutingHelper routing;
    ns3::Ipv4AddressHelper backhaul("1.0.0.0", "255.255.255.0");
    for (std::size_t k = 0; k < m_servers.size(); ++k)
    {
        const ns3::Ipv4InterfaceContainer ends = backhaul.Assign(m_backhaul[k]);
        backhaul.NewNetwork();
        m_serverAddresses[m_servers[k]] = ends.GetAddress(1);
        // The server answers its UEs (7.0.0.0/8) through the PGW.
        const auto server = m_environment.GetNodes().Get(uint32_t(m_servers[k]));
        const auto ipv4 = server->GetObject<ns3::Ipv4>();
        routing.GetStaticRouting(ipv4)->AddNetworkRouteTo(
            "7.0.0.0", "255.0.0.0", uint32_t(ipv4->GetInterfaceForDevice(m_backhaul[k].Get(1))));
    }
    // Addresses before attaching: the default bearer registers the UE's address with the PGW.
    const ns3::Ipv4InterfaceContainer ues = m_epc->AssignUeIpv4Address(m_ueDevices);
    for (std::size_t i = 0; i < m_ues.size(); ++i)
    {
        m_ueAddresses[m_ues[i]] = ues.GetAddress(uint32_t(i));
        const auto device = m_ueDevices.Get(uint32_t(i));
        const auto ipv4 = device->GetNode()->GetObject<ns3::Ipv4>();
        // Everything but the Wi-Fi subnet leaves through the cell.
        routing.GetStaticRouting(ipv4)->SetDefaultRoute(
            m_epc->GetUeDefaultGatewayAddress(), uint32_t(ipv4->GetInterfaceForDevice(device)));
        m_lte->Attach(device, m_enbDevices.Get(m_enbOf.at(m_ues[i])));
    }
    for (uint32_t k = 0; k < m_enbDevices.GetN(); ++k)
    {
        m_enbDevices.Get(k)
            ->GetObject<ns3::LteEnbNetDevice>()
            ->GetPhy()
            ->TraceConnectWithoutContext("ReportUeSinr",
                                         ns3::MakeCallback(&LteCells::NoteSinr, this));
    }
}

void
LteCells::NoteSinr(uint16_t cellId, uint16_t rnti, double sinrLinear, uint8_t /*componentCarrier*/)
{
    for (uint32_t k = 0; k < m_enbDevices.GetN(); ++k)
    {
        const auto enb = m_enbDevices.Get(k)->GetObject<ns3::LteEnbNetDevice>();
        if (enb->GetCellId() != cellId)
        {
            continue;
        }
        // RNTIs are unique per cell only; the UE manager knows the IMSI, which names the node.
        const auto rrc = enb->GetRrc();
        if (!rrc->HasUeManager(rnti))
        {
            return;
        }
        const auto ue = m_ueOfImsi.find(rrc->GetUeManager(rnti)->GetImsi());
        if (ue != m_ueOfImsi.end())
        {
            m_sinr[ue->second].emplace_back(ns3::Simulator::Now().GetSeconds(),
                                            10.0 * std::log10(sinrLinear));
        }
        return;
    }
}

ns3::Ipv4Address
LteCells::UeAddress(int ue) const
{
    return m_ueAddresses.at(ue);
}

ns3::Ipv4Address
LteCells::ServerAddress(int server) const
{
    return m_serverAddresses.at(server);
}

double
LteCells::SinrDb(int ue, double seconds) const
{
    const auto reports = m_sinr.find(ue);
    if (reports == m_sinr.end())
    {
        return BudgetSnrDb(ue);
    }
    // The latest report at or before `seconds` (reports come in time order).
    const auto& history = reports->second;
    const auto after = std::upper_bound(history.begin(), history.end(), seconds,
                                        [](double t, const std::pair<double, double>& report)
                                        { return t < report.first; });
    return after == history.begin() ? BudgetSnrDb(ue) : std::prev(after)->second;
}

double
LteCells::BudgetSnrDb(int ue) const
{
    const LteConfig& c = m_environment.GetScenario().channel.lte;
    const uint32_t cell = m_enbOf.at(ue);
    const auto from = m_environment.GetNodes().Get(uint32_t(ue))->GetObject<ns3::MobilityModel>();
    const auto to = m_enbNodes.Get(cell)->GetObject<ns3::MobilityModel>();
    const auto loss = m_lte->GetUplinkSpectrumChannel()->GetPropagationLossModel();
    const double rx = loss->CalcRxPower(c.ueTxPowerDbm, from, to);
    const double noiseFigure
        = m_enbDevices.Get(cell)->GetObject<ns3::LteEnbNetDevice>()->GetPhy()->GetNoiseFigure();
    // A resource block is 180 kHz wide.
    return rx - LinkBudget::NoiseFloorDbm(c.bandwidthRb * 180e3, noiseFigure);
}

} // namespace eesim
