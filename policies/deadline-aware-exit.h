#ifndef EESIM_POLICIES_DEADLINE_AWARE_EXIT_H
#define EESIM_POLICIES_DEADLINE_AWARE_EXIT_H

#include "policies/exit-policy.h"

#include <memory>

namespace eesim
{

/**
 * `deadline-aware`: exit now when the next exit's answer would come too late — elapsed time +
 * safety_factor x predicted time to the next exit > deadline — and otherwise do what the inner
 * policy says. Without a deadline or a prediction it is the inner policy.
 */
class DeadlineAwareExit : public ExitPolicy
{
  public:
    DeadlineAwareExit(std::unique_ptr<ExitPolicy> inner, double safetyFactor)
        : m_inner(std::move(inner))
        , m_safetyFactor(safetyFactor)
    {
    }
    bool ShouldExit(const ExitObservation& o) const override;

  private:
    std::unique_ptr<ExitPolicy> m_inner;
    double m_safetyFactor;
};

} // namespace eesim

#endif
