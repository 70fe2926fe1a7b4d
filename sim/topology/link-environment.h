#ifndef EESIM_SIM_TOPOLOGY_LINK_ENVIRONMENT_H
#define EESIM_SIM_TOPOLOGY_LINK_ENVIRONMENT_H

#include "channel/block-fading-loss-model.h"
#include "channel/gilbert-elliott-loss-model.h"
#include "channel/link-budget.h"
#include "sim/scenario/scenario.h"

#include <ns3/node-container.h>
#include <ns3/propagation-loss-model.h>
#include <vector>

namespace eesim
{

/**
 * What every link of a run shares, whatever its type: the scenario, the nodes, the mean path
 * loss (log-distance with propagation.*), and the slow fading processes of channel.fading
 * (block fading or Gilbert-Elliott), one model for all links so that a pair's fading is the same
 * on Wi-Fi and on an analog link. Link types build their link budgets from it.
 */
class LinkEnvironment
{
  public:
    /** ns-3's YansWifiPhy default receiver noise figure (dB). */
    static constexpr double kWifiNoiseFigureDb = 7.0;

    LinkEnvironment(const Scenario& scenario, ns3::NodeContainer nodes);

    const Scenario& GetScenario() const { return m_scenario; }
    ns3::NodeContainer GetNodes() const { return m_nodes; }

    /** Whether some link's features travel in Wi-Fi frames (LinkType::ridesWifi); if not, Wi-Fi
     *  only brings results back, and channel.snr fixed and the slow fading leave it alone. */
    bool WifiCarriesFeatures() const { return m_wifiCarriesFeatures; }
    /** A new log-distance model with the scenario's exponent and reference loss. */
    ns3::Ptr<ns3::PropagationLossModel> MeanPathLoss() const;
    /** Adds the slow fading processes to `budget`. */
    void AddFading(LinkBudget& budget) const;
    /** The slow fading processes (none, or one), for the Wi-Fi loss chain. */
    std::vector<ns3::Ptr<ns3::PropagationLossModel>> FadingModels() const;
    /** SNR (dB) that `budget` gives from node `from` to node `to` at time `seconds`. */
    double SnrDb(const LinkBudget& budget, int from, int to, double seconds) const;

  private:
    const Scenario& m_scenario;
    ns3::NodeContainer m_nodes;
    bool m_wifiCarriesFeatures;
    ns3::Ptr<BlockFadingLossModel> m_blockFading;
    ns3::Ptr<GilbertElliottLossModel> m_gilbertElliott;
};

} // namespace eesim

#endif
