#ifndef EESIM_POLICIES_MARGIN_TRANSMISSION_H
#define EESIM_POLICIES_MARGIN_TRANSMISSION_H

#include "policies/transmission-policy.h"

namespace eesim
{

/** Transmits when the early exit's top-1 minus top-2 probability is below a threshold. */
class MarginTransmission : public TransmissionPolicy
{
  public:
    explicit MarginTransmission(double threshold)
        : m_threshold(threshold)
    {
    }
    bool ShouldTransmit(const TransmissionObservation& o) const override
    {
        return o.statistics.margin < m_threshold;
    }

  private:
    double m_threshold;
};

} // namespace eesim

#endif
