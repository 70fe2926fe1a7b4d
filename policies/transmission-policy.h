#ifndef EESIM_POLICIES_TRANSMISSION_POLICY_H
#define EESIM_POLICIES_TRANSMISSION_POLICY_H

#include "policies/observations.h"

namespace eesim
{

/** Decides, where the next segment lives on another node, whether to send the features on
 *  (transmit) or to answer with the early exit's prediction (keep). */
class TransmissionPolicy
{
  public:
    virtual ~TransmissionPolicy() = default;
    virtual bool ShouldTransmit(const TransmissionObservation& observation) const = 0;
    /**
     * True for a policy that reads TransmissionObservation::earlyCorrect and serverCorrect (the
     * oracle). Only then must the simulator work out, before deciding, whether the server would
     * answer correctly: run the rest of the model on what the link would deliver. Everyone else
     * is spared that counterfactual computation.
     */
    virtual bool NeedsOutcomes() const { return false; }
};

} // namespace eesim

#endif
