#ifndef EESIM_POLICIES_NO_EARLY_EXIT_H
#define EESIM_POLICIES_NO_EARLY_EXIT_H

#include "policies/exit-policy.h"

namespace eesim
{

/** `none`: always run to the final exit. */
class NoEarlyExit : public ExitPolicy
{
  public:
    bool ShouldExit(const ExitObservation& observation) const override;
};

} // namespace eesim

#endif
