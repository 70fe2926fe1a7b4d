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
 * with the slow fading every link shares.
 */
class AnalogLinks : public LinkSet
{
  public:
    explicit AnalogLinks(const LinkEnvironment& environment);

    void Install(int from, int to) override;
    void Finish() override;
    double SnrDb(int from, int to, double seconds) const override;

    /** The device on `from` that sends symbols to `to`, or null when there is none. */
    ns3::Ptr<AnalogNetDevice> Sender(int from, int to) const;
    /** The seed of the noise the link from `from` to `to` adds to the transmission tagged `key`
     *  (see AnalogNetDevice::ReceptionNoiseSeed). */
    std::uint64_t NoiseSeed(int from, int to, std::uint64_t key) const;
    /** Devices on `node` that receive symbols. */
    std::vector<ns3::Ptr<AnalogNetDevice>> Receivers(int node) const;
    /** Transmit power (W), for energy. */
    double TxWatts() const;

  private:
    const LinkEnvironment& m_environment;
    LinkBudget m_budget;
    AnalogLinkHelper m_helper;
    ns3::NetDeviceContainer m_devices;
    std::map<std::pair<int, int>, ns3::Ptr<AnalogNetDevice>> m_senders;
    std::map<std::pair<int, int>, ns3::Ptr<AnalogNetDevice>> m_linkReceivers;
    std::map<int, std::vector<ns3::Ptr<AnalogNetDevice>>> m_receivers;
};

} // namespace eesim

#endif
