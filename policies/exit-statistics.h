#ifndef EESIM_POLICIES_EXIT_STATISTICS_H
#define EESIM_POLICIES_EXIT_STATISTICS_H

#include <vector>

namespace eesim
{

/**
 * The confidence measures exit and transmission-decision policies read off an exit's predictive
 * distribution. All take probabilities (non-negative, summing to 1) and return values in [0, 1].
 */
struct ExitStatistics
{
    int prediction = 0;             // arg max (first on ties)
    double maxProbability = 0.0;    // top-1 probability
    double margin = 0.0;            // top-1 minus top-2 probability
    double normalizedEntropy = 0.0; // entropy / log(classes): 0 = certain, 1 = uniform

    static ExitStatistics FromProbabilities(const std::vector<double>& probabilities);
    /** Softmax of raw logits, then FromProbabilities. */
    static ExitStatistics FromLogits(const std::vector<double>& logits);
};

} // namespace eesim

#endif
