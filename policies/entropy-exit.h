#ifndef EESIM_POLICIES_ENTROPY_EXIT_H
#define EESIM_POLICIES_ENTROPY_EXIT_H

#include "exit-policy.h"

namespace eesim
{

/** `entropy` (BranchyNet-style): exit when the normalised entropy H(p) / log(classes) is at or
 *  below the exit's threshold. */
class EntropyExit : public ExitPolicy
{
  public:
    explicit EntropyExit(PerExitThreshold threshold)
        : m_threshold(std::move(threshold))
    {
    }
    bool ShouldExit(const ExitObservation& o) const override
    {
        return o.statistics.normalizedEntropy <= m_threshold.At(o.exitIndex);
    }

  private:
    PerExitThreshold m_threshold;
};

} // namespace eesim

#endif
