#ifndef EESIM_POLICIES_MARGIN_EXIT_H
#define EESIM_POLICIES_MARGIN_EXIT_H

#include "exit-policy.h"

namespace eesim
{

/** `margin`: exit when top-1 minus top-2 probability reaches the exit's threshold. */
class MarginExit : public ExitPolicy
{
  public:
    explicit MarginExit(PerExitThreshold threshold)
        : m_threshold(std::move(threshold))
    {
    }
    bool ShouldExit(const ExitObservation& o) const override
    {
        return o.statistics.margin >= m_threshold.At(o.exitIndex);
    }

  private:
    PerExitThreshold m_threshold;
};

} // namespace eesim

#endif
