#ifndef EESIM_POLICIES_EXIT_POLICY_H
#define EESIM_POLICIES_EXIT_POLICY_H

#include "observations.h"

#include <string>

namespace eesim
{

/** Decides at an exit whether the request stops there. Never asked at the final exit. */
class ExitPolicy
{
  public:
    virtual ~ExitPolicy() = default;
    virtual bool ShouldExit(const ExitObservation& observation) const = 0;
};

/** `none`: always run to the final exit. */
class NoEarlyExit : public ExitPolicy
{
  public:
    bool ShouldExit(const ExitObservation& /*observation*/) const override { return false; }
};

/** `confidence`: exit when the top-1 probability reaches the threshold. */
class ConfidenceExit : public ExitPolicy
{
  public:
    explicit ConfidenceExit(double threshold)
        : m_threshold(threshold)
    {
    }
    bool ShouldExit(const ExitObservation& observation) const override
    {
        return observation.statistics.maxProbability >= m_threshold;
    }

  private:
    double m_threshold;
};

} // namespace eesim

#endif
