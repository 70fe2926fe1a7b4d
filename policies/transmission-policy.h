#ifndef EESIM_POLICIES_TRANSMISSION_POLICY_H
#define EESIM_POLICIES_TRANSMISSION_POLICY_H

#include "observations.h"

namespace eesim
{

/** Decides, where the next segment lives on another node, whether to send the features on
 *  (transmit) or to answer with the early exit's prediction (keep). */
class TransmissionPolicy
{
  public:
    virtual ~TransmissionPolicy() = default;
    virtual bool ShouldTransmit(const TransmissionObservation& observation) const = 0;
};

/** `always-transmit` */
class AlwaysTransmit : public TransmissionPolicy
{
  public:
    bool ShouldTransmit(const TransmissionObservation& /*observation*/) const override
    {
        return true;
    }
};

/** `never-transmit`: every request is answered by the early exit before the link. */
class NeverTransmit : public TransmissionPolicy
{
  public:
    bool ShouldTransmit(const TransmissionObservation& /*observation*/) const override
    {
        return false;
    }
};

/** `confidence`: keep the early answer when its top-1 probability reaches the threshold,
 *  transmit otherwise. */
class ConfidenceTransmission : public TransmissionPolicy
{
  public:
    explicit ConfidenceTransmission(double threshold)
        : m_threshold(threshold)
    {
    }
    bool ShouldTransmit(const TransmissionObservation& observation) const override
    {
        return observation.statistics.maxProbability < m_threshold;
    }

  private:
    double m_threshold;
};

} // namespace eesim

#endif
