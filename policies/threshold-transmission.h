#ifndef EESIM_POLICIES_THRESHOLD_TRANSMISSION_H
#define EESIM_POLICIES_THRESHOLD_TRANSMISSION_H

#include "policies/transmission-policy.h"

namespace eesim
{

/**
 * Transmit when the early exit is unsure by one confidence measure, whatever the channel:
 * `confidence` transmits when the top-1 probability < threshold, `entropy` when the normalised
 * entropy > threshold. Where the exit policy of the same measure would exit, this keeps.
 */
class ThresholdTransmission : public TransmissionPolicy
{
  public:
    enum class Measure
    {
        kMaxProbability,
        kNormalizedEntropy
    };

    ThresholdTransmission(Measure measure, double threshold)
        : m_measure(measure)
        , m_threshold(threshold)
    {
    }

    bool ShouldTransmit(const TransmissionObservation& o) const override;

  private:
    Measure m_measure;
    double m_threshold;
};

} // namespace eesim

#endif
