#ifndef EESIM_POLICIES_SNR_AWARE_TRANSMISSION_H
#define EESIM_POLICIES_SNR_AWARE_TRANSMISSION_H

#include "policies/calibration-table.h"
#include "policies/transmission-policy.h"

namespace eesim
{

/**
 * `snr-aware`: transmit when the estimated probability that the server answers correctly at the
 * current SNR exceeds the estimated probability that the early answer is correct at its
 * confidence by more than `margin`:
 *
 *     P_server(snr) - P_early(top-1 probability) > margin
 *
 * Both probabilities are read from calibration tables measured on the validation split: the
 * server table of the link's channel mode (accuracy by SNR bin) and the early-exit table
 * (accuracy by top-1-probability bin). Without an SNR estimate (NaN) the server table's lowest
 * bin stands in: a link we know nothing about is assumed to be as bad as any we calibrated, so
 * the policy falls back on the early exit unless even the worst channel beats it.
 */
class SnrAwareTransmission : public TransmissionPolicy
{
  public:
    /** Throws std::invalid_argument when either table is empty. */
    SnrAwareTransmission(CalibrationTable early, CalibrationTable server, double margin);

    bool ShouldTransmit(const TransmissionObservation& o) const override;

  private:
    CalibrationTable m_early;
    CalibrationTable m_server;
    double m_margin;
};

} // namespace eesim

#endif
