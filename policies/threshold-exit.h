#ifndef EESIM_POLICIES_THRESHOLD_EXIT_H
#define EESIM_POLICIES_THRESHOLD_EXIT_H

#include "policies/exit-policy.h"

namespace eesim
{

/**
 * Exit when one confidence measure of the exit's distribution passes the exit's threshold:
 * `confidence` (top-1 probability >= threshold), `margin` (top-1 minus top-2 >= threshold) and
 * `entropy` (normalised entropy <= threshold, BranchyNet-style).
 */
class ThresholdExit : public ExitPolicy
{
  public:
    enum class Measure
    {
        kMaxProbability,
        kMargin,
        kNormalizedEntropy
    };

    ThresholdExit(Measure measure, PerExitThreshold threshold)
        : m_measure(measure)
        , m_threshold(std::move(threshold))
    {
    }

    bool ShouldExit(const ExitObservation& o) const override;

  private:
    Measure m_measure;
    PerExitThreshold m_threshold;
};

} // namespace eesim

#endif
