#ifndef EESIM_POLICIES_LEARNED_TRANSMISSION_H
#define EESIM_POLICIES_LEARNED_TRANSMISSION_H

#include "policies/logistic-model.h"
#include "policies/transmission-policy.h"

#include <string>
#include <vector>

namespace eesim
{

/**
 * `learned`: a logistic model of "transmitting helps" fed with the early exit's confidence and
 * the SNR; transmit when its probability > threshold.
 *
 * Our reading of the paper's learned TD: the model is fitted (by `eesim calibrate`) on the
 * validation samples where the early and the server answers differ, with label 1 when the server
 * is right and the early exit wrong, 0 when the early exit is right and the server wrong. Where
 * they agree the decision cannot change the answer, so those samples carry no signal. p > 0.5 is
 * then the accuracy-maximizing rule; a higher threshold trades accuracy for fewer transmissions.
 */
class LearnedTransmission : public TransmissionPolicy
{
  public:
    /** Throws std::invalid_argument unless the model takes FeatureNames().size() features. */
    LearnedTransmission(LogisticModel model, double threshold);

    bool ShouldTransmit(const TransmissionObservation& o) const override;

    /** The feature names in model order, as the calibration file lists them. */
    static const std::vector<std::string>& FeatureNames();
    /**
     * The model's inputs, in order: {top-1 probability, normalised entropy, margin, SNR in dB}.
     * `eesim calibrate` must build its training rows with this very function.
     */
    static std::vector<double> Features(const ExitStatistics& statistics, double snrDb);

  private:
    LogisticModel m_model;
    double m_threshold;
};

} // namespace eesim

#endif
