#include "policies/threshold-transmission.h"

#include "policies/policy-registry.h"

namespace eesim
{

bool
ThresholdTransmission::ShouldTransmit(const TransmissionObservation& o) const
{
    if (m_measure == Measure::kMaxProbability)
    {
        return o.statistics.maxProbability < m_threshold;
    }
    return o.statistics.normalizedEntropy > m_threshold;
}

namespace
{

/** One class, two measures: each registers under its own name with its own default. */
bool
Register(const char* name, ThresholdTransmission::Measure measure, const char* meaning,
         double fallback, const char* threshold)
{
    return PolicyRegistry::AddTransmissionPolicy(
        name, meaning, { keys::Number("threshold", fallback, 0.0, 1.0, threshold) },
        [measure](const nlohmann::json& p) {
            return std::make_unique<ThresholdTransmission>(measure,
                                                           p.at("threshold").get<double>());
        });
}

using Measure = ThresholdTransmission::Measure;

[[maybe_unused]] const bool kConfidence
    = Register("confidence", Measure::kMaxProbability,
               "keep the early answer when its top-1 probability >= threshold, else transmit", 0.9,
               "top-1 probability needed to keep the early answer");
// Default 0.2: about where a 10-class exit with top-1 probability 0.9 sits (the rest spread
// evenly gives 0.24), so it pairs with confidence's default.
[[maybe_unused]] const bool kEntropy
    = Register("entropy", Measure::kNormalizedEntropy,
               "transmit when the normalised entropy H(p) / log(classes) > threshold, else keep",
               0.2, "largest normalised entropy that keeps");

} // namespace

} // namespace eesim
