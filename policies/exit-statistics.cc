#include "policies/exit-statistics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace eesim
{

ExitStatistics
ExitStatistics::FromProbabilities(const std::vector<double>& probabilities)
{
    if (probabilities.size() < 2)
    {
        throw std::invalid_argument("ExitStatistics needs at least two classes");
    }
    ExitStatistics stats;
    double second = 0.0;
    double entropy = 0.0;
    for (std::size_t c = 0; c < probabilities.size(); ++c)
    {
        const double p = probabilities[c];
        if (p > stats.maxProbability)
        {
            second = stats.maxProbability;
            stats.maxProbability = p;
            stats.prediction = int(c);
        }
        else if (p > second)
        {
            second = p;
        }
        entropy -= p > 0.0 ? p * std::log(p) : 0.0; // 0 log 0 = 0
    }
    stats.margin = stats.maxProbability - second;
    stats.normalizedEntropy
        = std::clamp(entropy / std::log(double(probabilities.size())), 0.0, 1.0);
    return stats;
}

ExitStatistics
ExitStatistics::FromLogits(const std::vector<double>& logits)
{
    const double top = *std::max_element(logits.begin(), logits.end());
    std::vector<double> probabilities(logits.size());
    double sum = 0.0;
    for (std::size_t c = 0; c < logits.size(); ++c)
    {
        probabilities[c] = std::exp(logits[c] - top);
        sum += probabilities[c];
    }
    for (double& p : probabilities)
    {
        p /= sum;
    }
    return FromProbabilities(probabilities);
}

} // namespace eesim
