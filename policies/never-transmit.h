#ifndef EESIM_POLICIES_NEVER_TRANSMIT_H
#define EESIM_POLICIES_NEVER_TRANSMIT_H

#include "policies/transmission-policy.h"

namespace eesim
{

/** `never-transmit`: every request is answered by the early exit before the link. */
class NeverTransmit : public TransmissionPolicy
{
  public:
    bool ShouldTransmit(const TransmissionObservation& observation) const override;
};

} // namespace eesim

#endif
