#include "policies/learned-transmission.h"

#include "policies/policy-registry.h"

#include <cmath>
#include <stdexcept>

namespace eesim
{

LearnedTransmission::LearnedTransmission(LogisticModel model, double threshold)
    : m_model(std::move(model))
    , m_threshold(threshold)
{
    if (m_model.FeatureCount() != FeatureNames().size())
    {
        throw std::invalid_argument("the model takes " + std::to_string(m_model.FeatureCount())
                                    + " features, expected "
                                    + std::to_string(FeatureNames().size()));
    }
}

const std::vector<std::string>&
LearnedTransmission::FeatureNames()
{
    static const std::vector<std::string> names
        = { "max_probability", "normalized_entropy", "margin", "snr_db" };
    return names;
}

std::vector<double>
LearnedTransmission::Features(const ExitStatistics& statistics, double snrDb)
{
    return { statistics.maxProbability, statistics.normalizedEntropy, statistics.margin, snrDb };
}

bool
LearnedTransmission::ShouldTransmit(const TransmissionObservation& o) const
{
    std::vector<double> features = Features(o.statistics, o.snrDb);
    // Without an SNR estimate, the training mean: a standardized 0 that adds nothing, so the
    // decision rests on the confidence features alone.
    double& snr = features.back();
    snr = std::isnan(snr) ? m_model.Mean().back() : snr;
    return m_model.Probability(features) > m_threshold;
}

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddCalibratedTransmissionPolicy(
    "learned",
    "transmit when the calibration's logistic model, fed top-1 probability, normalised entropy, "
    "margin and SNR in dB, gives probability > threshold that the server is right where the "
    "early exit is wrong (fitted on validation samples where they disagree; our reading); an "
    "unknown SNR takes the training mean",
    { keys::Number("threshold", 0.5, 0.0, 1.0, "0.5 maximises accuracy; higher transmits less") },
    [](const nlohmann::json& p, const TransmissionContext& context)
    {
        return std::make_unique<LearnedTransmission>(
            context.calibration->LearnedModel(context.channelMode),
            p.at("threshold").get<double>());
    });

} // namespace

} // namespace eesim
