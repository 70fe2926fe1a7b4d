// The log-normal AR(1) capacity model: stationary statistics, the update by hand, and its keys.
#include "base/random.h"
#include "sim/compute/lognormal-ar1-capacity.h"
#include "tests/sim/compute/capacity-test-support.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

TEST_CASE("log-normal AR(1): stationary mean, volatility and correlation time")
{
    const double mu = -0.3;
    const double sigma = 0.5;
    const double tau = 2.0;
    const double step = 0.1;
    LognormalAr1Capacity process(mu, sigma, tau, step, 7);
    std::vector<double> logs;
    for (int i = 0; i < 200000; ++i)
    {
        logs.push_back(std::log(process.FactorAt(i * step + step / 2)));
        process.Forget(i * step);
    }
    double mean = 0;
    for (double x : logs)
    {
        mean += x / double(logs.size());
    }
    double variance = 0;
    double lagged = 0;
    const std::size_t lag = std::size_t(tau / step); // one correlation time
    for (std::size_t i = 0; i < logs.size(); ++i)
    {
        variance += (logs[i] - mean) * (logs[i] - mean) / double(logs.size());
        if (i + lag < logs.size())
        {
            lagged += (logs[i] - mean) * (logs[i + lag] - mean) / double(logs.size() - lag);
        }
    }
    CHECK(mean == Approx(mu).margin(0.03));
    CHECK(std::sqrt(variance) == Approx(sigma).epsilon(0.05));
    CHECK(lagged / variance == Approx(std::exp(-1.0)).margin(0.04));
}

TEST_CASE("log-normal AR(1): starts at exp(mu) and takes one step as the formula says")
{
    // rho = exp(-0.5 / 1) = 0.60653; the innovation's scale is 0.4 sqrt(1 - rho^2) = 0.31802.
    LognormalAr1Capacity process(0.2, 0.4, 1.0, 0.5, 11);
    Random draws(11); // the process's own stream
    const double first = 0.2 + 0.4 * std::sqrt(1 - std::exp(-1.0)) * draws.Normal();
    const double second = 0.2 + std::exp(-0.5) * (first - 0.2)
                          + 0.4 * std::sqrt(1 - std::exp(-1.0)) * draws.Normal();
    CHECK(process.FactorAt(0.0) == Approx(std::exp(0.2)));
    CHECK(process.NextChangeAfter(0.0) == Approx(0.5));
    CHECK(process.FactorAt(0.7) == Approx(std::exp(first)));
    CHECK(process.FactorAt(1.2) == Approx(std::exp(second)));
    CHECK(process.NextChangeAfter(1.2) == Approx(1.5));
}

TEST_CASE("log-normal AR(1) without volatility stays at exp(mu), changing every step")
{
    LognormalAr1Capacity process(-0.5, 0.0, 3.0, 0.25, 1);
    const auto pieces = test::Pieces(process, 2.0);
    REQUIRE(pieces.size() == 8);
    for (std::size_t k = 0; k < pieces.size(); ++k)
    {
        CHECK(pieces[k].first == Approx(0.25 * double(k)));
        CHECK(pieces[k].second == Approx(std::exp(-0.5)));
    }
}

TEST_CASE("lognormal-ar1: the registered model reads its four keys")
{
    const test::LoadedCapacity loaded = test::LoadCapacity({ { "model", "lognormal-ar1" },
                                                             { "mean_log", -0.1 },
                                                             { "volatility", 0.6 },
                                                             { "correlation_time_s", 4 },
                                                             { "step_s", 0.2 } });
    CHECK(loaded.problems.empty());
    auto process = loaded.factory(3);
    LognormalAr1Capacity direct(-0.1, 0.6, 4, 0.2, 3);
    CHECK(test::Pieces(*process, 20) == test::Pieces(direct, 20));
}

TEST_CASE("lognormal-ar1: a step that changes the factor more often than a run affords is refused")
{
    const nlohmann::json process = { { "model", "lognormal-ar1" }, { "step_s", 1e-5 } };
    CHECK(test::LoadCapacity(process, "s.json", 99).problems.empty()); // 9.9e6 changes
    const test::LoadedCapacity loaded = test::LoadCapacity(process, "s.json", 200);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].key == "step_s");
    CHECK_THAT(loaded.problems[0].what,
               Catch::StartsWith("steps of 1e-05 s make about 2")
                   && Catch::Contains(" capacity changes within the run's time limit of 200 s, "
                                      "more than the 10000000 a node's fluctuation may make"));
}
