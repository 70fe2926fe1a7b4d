#include "policies/feature-difference-exit.h"

#include "policies/policy-registry.h"

#include <cmath>
#include <stdexcept>

namespace eesim
{

double
FeatureDifferenceExit::TotalVariation(const std::vector<double>& p, const std::vector<double>& q)
{
    if (p.size() != q.size())
    {
        throw std::invalid_argument("distributions over different numbers of classes");
    }
    double sum = 0.0;
    for (std::size_t c = 0; c < p.size(); ++c)
    {
        sum += std::abs(p[c] - q[c]);
    }
    return sum / 2;
}

bool
FeatureDifferenceExit::ShouldExit(const ExitObservation& o) const
{
    if (o.history.empty())
    {
        return false;
    }
    return TotalVariation(o.probabilities, o.history.back()) <= m_threshold.At(o.exitIndex);
}

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddExitPolicy(
    "feature-difference",
    "exit at exit k >= 1 when the total variation distance between exit k's and exit k-1's "
    "distributions (half the L1 distance) <= threshold; never at exit 0",
    { keys::PerExitNumber("threshold", 0.05, 0.0, 1.0, "largest distance that exits") },
    [](const nlohmann::json& p) {
        return std::make_unique<FeatureDifferenceExit>(
            PerExitThreshold::FromJson(p.at("threshold")));
    });

} // namespace

} // namespace eesim
