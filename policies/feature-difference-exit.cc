#include "policies/feature-difference-exit.h"

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

} // namespace eesim
