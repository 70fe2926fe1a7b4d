#ifndef EESIM_POLICIES_CONFIDENCE_EXIT_H
#define EESIM_POLICIES_CONFIDENCE_EXIT_H

#include "exit-policy.h"

namespace eesim
{

/** `confidence`: exit when the top-1 probability reaches the exit's threshold. */
class ConfidenceExit : public ExitPolicy
{
  public:
    explicit ConfidenceExit(PerExitThreshold threshold)
        : m_threshold(std::move(threshold))
    {
    }
    bool ShouldExit(const ExitObservation& o) const override
    {
        return o.statistics.maxProbability >= m_threshold.At(o.exitIndex);
    }

  private:
    PerExitThreshold m_threshold;
};

} // namespace eesim

#endif
