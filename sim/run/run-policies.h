#ifndef EESIM_SIM_RUN_RUN_POLICIES_H
#define EESIM_SIM_RUN_RUN_POLICIES_H

#include "policies/calibration.h"
#include "policies/exit-policy.h"
#include "policies/transmission-policy.h"
#include "sim/scenario/scenario.h"

#include <map>
#include <memory>
#include <string>

namespace eesim
{

/**
 * The policies of a run: the exit policy every node asks, and the transmission-decision policy
 * of each link, made on first use for the link's channel mode (policies that read calibration
 * tables depend on it).
 */
class RunPolicies
{
  public:
    /** Makes the exit policy and loads the calibration file if the scenario names one; keeps a
     *  reference to `scenario` for the links' modes and the TD policy's parameters. */
    explicit RunPolicies(const Scenario& scenario);

    const ExitPolicy& Exit() const { return *m_exitPolicy; }
    /** The transmission-decision policy for features going from `from` to `to`. */
    const TransmissionPolicy& TransmissionFor(int from, int to);

  private:
    const Scenario& m_scenario;
    std::unique_ptr<ExitPolicy> m_exitPolicy;
    std::unique_ptr<Calibration> m_calibration; // null without a calibration file
    std::map<std::string, std::unique_ptr<TransmissionPolicy>> m_transmissionPolicies; // by mode
};

} // namespace eesim

#endif
