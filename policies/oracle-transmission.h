#ifndef EESIM_POLICIES_ORACLE_TRANSMISSION_H
#define EESIM_POLICIES_ORACLE_TRANSMISSION_H

#include "policies/transmission-policy.h"

namespace eesim
{

/**
 * `oracle`: knows whether the early answer and the server's answer (over this very channel
 * realization) are right, and transmits exactly when that turns a wrong answer into a right
 * one. No rule that sees only the observation can be more accurate on the same samples, and
 * none reaching that accuracy transmits less: the upper bound of the TD comparison.
 */
class OracleTransmission : public TransmissionPolicy
{
  public:
    bool ShouldTransmit(const TransmissionObservation& o) const override;
    bool NeedsOutcomes() const override;
};

} // namespace eesim

#endif
