#ifndef EESIM_SIM_TOPOLOGY_LTE_LINKS_H
#define EESIM_SIM_TOPOLOGY_LTE_LINKS_H

#include "sim/topology/link-environment.h"
#include "sim/topology/link-set.h"
#include "sim/topology/lte-cells.h"

#include <map>
#include <memory>
#include <set>
#include <utility>

namespace eesim
{

/**
 * `lte` links: features encoded as bytes (transport.encoding) cross ns-3's LTE uplink from a
 * device (a UE) to a server behind the EPC's PGW (see LteCells); the results come back over the
 * downlink. The uplink's scheduling among the cell's UEs, HARQ, RLC buffers and the backhaul are
 * ns-3's. A device attaches to the cell of the server of its first lte link.
 *
 * The SNR of a link, for the transmission decision and for the messages it delivers, is the
 * UE's latest uplink SINR report from the eNB's PHY (one per SRS period); before the first, its
 * link budget's SNR (LteCells::BudgetSnrDb).
 * The scenario's slow fading (channel.fading) and fixed SNR (channel.snr) do not apply: the
 * path loss is channel.lte.pathloss.
 */
class LteLinks : public LinkSet
{
  public:
    explicit LteLinks(const LinkEnvironment& environment);

    /** Notes the link; a device's first lte link picks its cell. */
    void Install(int from, int to) override;
    /** Builds the cells, when there are lte links. */
    void Finish() override;
    void InstallIp() override;
    /** The latest uplink SINR report of `from` at or before `seconds` (dB). */
    double SnrDb(int from, int to, double seconds) const override;
    /** A UE's server: its backhaul address; a server's UE: the UE's address; else none. */
    std::optional<ns3::Ipv4Address> Address(int from, int to) const override;
    /** The latest uplink SINR report of `sender` (dB). */
    double LastSnrDb(int receiver, int sender) const override;

    /** The cells, once built (null when the run has no lte links). */
    const LteCells* Cells() const { return m_cells.get(); }

  private:
    const LinkEnvironment& m_environment;
    std::set<std::pair<int, int>> m_links;
    std::map<int, int> m_cellOf; // UE -> server
    std::unique_ptr<LteCells> m_cells;
};

} // namespace eesim

#endif
