#ifndef EESIM_POLICIES_ALWAYS_TRANSMIT_H
#define EESIM_POLICIES_ALWAYS_TRANSMIT_H

#include "policies/transmission-policy.h"

namespace eesim
{

/** `always-transmit`: every request's features go on to the next node. */
class AlwaysTransmit : public TransmissionPolicy
{
  public:
    bool ShouldTransmit(const TransmissionObservation& observation) const override;
};

} // namespace eesim

#endif
