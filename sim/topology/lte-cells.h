#ifndef EESIM_SIM_TOPOLOGY_LTE_CELLS_H
#define EESIM_SIM_TOPOLOGY_LTE_CELLS_H

#include "sim/topology/link-environment.h"

#include <map>
#include <ns3/ipv4-address.h>
#include <ns3/lte-helper.h>
#include <ns3/net-device-container.h>
#include <ns3/node-container.h>
#include <ns3/point-to-point-epc-helper.h>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * The ns-3 LTE network of a run's `lte` links (channel.lte.*): one eNB per server that receives
 * lte links, standing at the server's position (x, y) at channel.lte.enb_height_m; the devices
 * that send over them as UEs; ns-3's EPC (SGW, PGW, MME); and each such server as a "remote
 * host" behind the PGW over a point-to-point backhaul (channel.lte.backhaul_*), the MEC server
 * next to the base station or a farther one.
 *
 * Built in two steps around the IP stack, in the order ns-3's lena-simple-epc example follows:
 * Build (devices, backhaul link, random streams) before the scenario nodes get their IP stack,
 * InstallIp (addresses, routes, attachment, the SINR reports) after it. Every ns-3 node made here
 * comes after the scenario's, which keep indices 0..N-1.
 *
 * The uplink SINR of a UE is the eNB PHY's own report (LteEnbPhy "ReportUeSinr": the mean linear
 * SINR over the uplink resource blocks of one SRS reception, once per SRS period, with the
 * interference of the cell's other transmissions), kept per UE with its time.
 */
class LteCells
{
  public:
    /** `cellOf` holds each UE's node and the server node whose cell it attaches to. */
    LteCells(const LinkEnvironment& environment, std::map<int, int> cellOf);
    LteCells(const LteCells&) = delete;
    LteCells& operator=(const LteCells&) = delete;

    /** The helpers, EPC, eNBs, UE devices and backhaul links, with fixed random streams. */
    void Build();
    /** Addresses (UEs from the EPC's 7.0.0.0/8, backhaul links from 1.0.K.0/24), routes, the
     *  UEs' attachment to their cells, and the eNBs' SINR reports. */
    void InstallIp();

    /** The UE address of device `ue`. */
    ns3::Ipv4Address UeAddress(int ue) const;
    /** The backhaul address of server `server`, where its UEs send. */
    ns3::Ipv4Address ServerAddress(int server) const;
    /** The latest uplink SINR report (dB) of UE `ue` at or before `seconds`; before the first,
     *  the SNR of the UE's link budget now (BudgetSnrDb). */
    double SinrDb(int ue, double seconds) const;
    /** The uplink SNR (dB) the UE's transmit power, the path loss to its eNB now and the eNB's
     *  noise floor over the uplink bandwidth give, without interference: what the links say
     *  before the eNB's first report. */
    double BudgetSnrDb(int ue) const;

    /** The UE devices, in node order. */
    const ns3::NetDeviceContainer& UeDevices() const { return m_ueDevices; }
    /** The eNB devices, one per cell, in server order. */
    const ns3::NetDeviceContainer& EnbDevices() const { return m_enbDevices; }

  private:
    void ConfigureHelper();
    void InstallEnbs();
    void InstallUes();
    void InstallBackhaul();
    void AssignStreams();
    void NoteSinr(uint16_t cellId, uint16_t rnti, double sinrLinear, uint8_t componentCarrier);

    const LinkEnvironment& m_environment;
    std::map<int, int> m_cellOf;     // UE node -> server node
    std::map<int, uint32_t> m_enbOf; // UE node -> its eNB's index
    std::vector<int> m_servers;      // in node order, one cell each
    std::vector<int> m_ues;          // in node order
    ns3::Ptr<ns3::LteHelper> m_lte;
    ns3::Ptr<ns3::PointToPointEpcHelper> m_epc;
    ns3::NodeContainer m_enbNodes;
    ns3::NetDeviceContainer m_enbDevices;
    ns3::NetDeviceContainer m_ueDevices;
    std::vector<ns3::NetDeviceContainer> m_backhaul; // per server: PGW side, server side
    std::map<int, ns3::Ipv4Address> m_ueAddresses;
    std::map<int, ns3::Ipv4Address> m_serverAddresses;
    std::map<uint64_t, int> m_ueOfImsi;
    std::map<int, std::vector<std::pair<double, double>>> m_sinr; // UE -> (time s, dB)
};

} // namespace eesim

#endif
