#ifndef EESIM_SIM_TOPOLOGY_ANALOG_LINKS_H
#define EESIM_SIM_TOPOLOGY_ANALOG_LINKS_H

#include "channel/analog-link-helper.h"
#include "channel/analog-net-device.h"
#include "channel/link-budget.h"
#include "sim/topology/link-environment.h"
#include "sim/topology/link-set.h"

#include <cstdint>
#include <map>
#include <ns3/net-device-container.h>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * `analog` links: the bottleneck's channel symbols cross one AnalogChannel and device pair per
 * link, with Gaussian noise at the link's SNR. The SNR comes from the analog links' own budget
 * (channel.analog.*: transmit power, noise bandwidth and figure; or channel.snr_db when fixed),
 * with the slow fading every link shares. The links carry symbols (LinkCarrier::kSymbols): the
 * symbol methods hand the applications these devices and figures.
 */
class AnalogLinks : public LinkSet
{
  public:
    explicit AnalogLinks(const LinkEnvironment& environment);

    void Install(int from, int to) override;
    void Finish() override;
    double SnrDb(int from, int to, double seconds) const override;

    ns3::Ptr<ns3::NetDevice> SymbolSender(int from, int to) const override;
    std::vector<ns3::Ptr<ns3::NetDevice>> SymbolReceivers(int node) const override;
    /** See AnalogNetDevice::ReceptionNoiseSeed. */
    std::uint64_t SymbolNoiseSeed(int from, int to, std::uint64_t key) const override;
    /** channel.analog.symbol_rate_per_s, the same on every analog link. */
    double SymbolRate(int from, int to) const override;
    /** channel.analog.tx_power_dbm, the same on every analog link. */
    double SymbolTxWatts(int from, int to) const override;

  private:
    const LinkEnvironment& m_environment;
    LinkBudget m_budget;
    AnalogLinkHelper m_helper;
    ns3::NetDeviceContainer m_devices;
    std::map<std::pair<int, int>, ns3::Ptr<AnalogNetDevice>> m_senders;
    std::map<std::pair<int, int>, ns3::Ptr<AnalogNetDevice>> m_linkReceivers;
    std::map<int, std::vector<ns3::Ptr<ns3::NetDevice>>> m_receivers;
};

} // namespace eesim

#endif
