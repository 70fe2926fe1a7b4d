#include "policies/threshold-exit.h"

#include "policies/policy-registry.h"

namespace eesim
{

bool
ThresholdExit::ShouldExit(const ExitObservation& o) const
{
    const double threshold = m_threshold.At(o.exitIndex);
    switch (m_measure)
    {
    case Measure::kMaxProbability:
        return o.statistics.maxProbability >= threshold;
    case Measure::kMargin:
        return o.statistics.margin >= threshold;
    default:
        return o.statistics.normalizedEntropy <= threshold;
    }
}

namespace
{

/** One class, three measures: each registers under its own name with its own default. */
bool
Register(const char* name, ThresholdExit::Measure measure, const char* meaning, double fallback,
         const char* threshold)
{
    return PolicyRegistry::AddExitPolicy(
        name, meaning, { keys::PerExitNumber("threshold", fallback, 0.0, 1.0, threshold) },
        [measure](const nlohmann::json& p)
        {
            return std::make_unique<ThresholdExit>(measure,
                                                   PerExitThreshold::FromJson(p.at("threshold")));
        });
}

using Measure = ThresholdExit::Measure;

[[maybe_unused]] const bool kConfidence = Register("confidence", Measure::kMaxProbability,
                                                   "exit when the top-1 probability >= threshold",
                                                   0.9, "top-1 probability needed to exit");
[[maybe_unused]] const bool kEntropy
    = Register("entropy", Measure::kNormalizedEntropy,
               "exit when the normalised entropy H(p) / log(classes) <= threshold", 0.2,
               "largest normalised entropy that exits");
[[maybe_unused]] const bool kMargin
    = Register("margin", Measure::kMargin, "exit when top-1 minus top-2 probability >= threshold",
               0.5, "smallest margin that exits");

} // namespace

} // namespace eesim
