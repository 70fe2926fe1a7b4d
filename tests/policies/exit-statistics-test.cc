// Confidence measures on hand-made distributions.
#include "policies/exit-statistics.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

TEST_CASE("a one-hot distribution is fully confident")
{
    const auto s = ExitStatistics::FromProbabilities({ 0, 0, 1, 0 });
    CHECK(s.prediction == 2);
    CHECK(s.maxProbability == 1.0);
    CHECK(s.margin == 1.0);
    CHECK(s.normalizedEntropy == Approx(0.0).margin(1e-12));
}

TEST_CASE("a uniform distribution has entropy 1 and margin 0")
{
    const auto s = ExitStatistics::FromProbabilities({ 0.25, 0.25, 0.25, 0.25 });
    CHECK(s.prediction == 0);
    CHECK(s.maxProbability == 0.25);
    CHECK(s.margin == 0.0);
    CHECK(s.normalizedEntropy == Approx(1.0));
}

TEST_CASE("statistics of [0.5, 0.3, 0.2]")
{
    const auto s = ExitStatistics::FromProbabilities({ 0.2, 0.5, 0.3 });
    CHECK(s.prediction == 1);
    CHECK(s.maxProbability == 0.5);
    CHECK(s.margin == Approx(0.2));
    const double h = -(0.2 * std::log(0.2) + 0.5 * std::log(0.5) + 0.3 * std::log(0.3));
    CHECK(s.normalizedEntropy == Approx(h / std::log(3.0)));
}

TEST_CASE("statistics from logits go through a stable softmax")
{
    const auto s = ExitStatistics::FromLogits({ 0.0, std::log(3.0) });
    CHECK(s.prediction == 1);
    CHECK(s.maxProbability == Approx(0.75));
    CHECK(ExitStatistics::FromLogits({ 1000, 1000 }).maxProbability == Approx(0.5));
    CHECK_THROWS(ExitStatistics::FromProbabilities({ 1.0 }));
}
