#ifndef EESIM_SIM_TOPOLOGY_DIGITAL_LINKS_H
#define EESIM_SIM_TOPOLOGY_DIGITAL_LINKS_H

#include "channel/link-budget.h"
#include "sim/topology/link-environment.h"
#include "sim/topology/link-set.h"

namespace eesim
{

/**
 * `digital` links: features encoded as bytes (transport.encoding) in ns-3 Wi-Fi frames. Every
 * node has its Wi-Fi device already (results return over it), so there is nothing to install;
 * the SNR is Wi-Fi's: its transmit power, the mean path loss and the PHY's noise floor over the
 * channel width, or channel.snr_db when fixed, with the slow fading on top.
 */
class DigitalLinks : public LinkSet
{
  public:
    explicit DigitalLinks(const LinkEnvironment& environment);

    void Install(int /*from*/, int /*to*/) override {}
    double SnrDb(int from, int to, double seconds) const override;

  private:
    const LinkEnvironment& m_environment;
    LinkBudget m_budget;
};

} // namespace eesim

#endif
