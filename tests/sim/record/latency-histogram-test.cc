// Streaming latency percentiles.
#include "sim/record/latency-histogram.h"

#include <catch2/catch.hpp>

using namespace eesim;

TEST_CASE("percentiles of 1..1000 ms are within 0.1 %, mean and max exact")
{
    LatencyHistogram histogram;
    for (int i = 1000; i >= 1; --i)
    {
        histogram.Add(i * 1e-3);
    }
    CHECK(histogram.Count() == 1000);
    CHECK(histogram.Mean() == Approx(0.5005));
    CHECK(histogram.Max() == 1.0);
    CHECK(histogram.Quantile(0.50) == Approx(0.500).epsilon(0.001));
    CHECK(histogram.Quantile(0.95) == Approx(0.950).epsilon(0.001));
    CHECK(histogram.Quantile(0.99) == Approx(0.990).epsilon(0.001));
    CHECK(histogram.Quantile(1.0) <= 1.0);
    CHECK(LatencyHistogram().Quantile(0.5) == 0.0);
}

TEST_CASE("percentiles stay right for latencies of hours and days, far beyond the old 10^4 s cap")
{
    LatencyHistogram histogram;
    // 20,000 to 60,000 s: the kind of latency an overloaded or disconnected chain produces.
    for (int i = 1; i <= 100; ++i)
    {
        histogram.Add(20000.0 + 400.0 * i);
    }
    CHECK(histogram.Quantile(0.50) == Approx(40000.0).epsilon(0.001));
    CHECK(histogram.Quantile(0.95) == Approx(58000.0).epsilon(0.001));
    CHECK(histogram.Quantile(0.99) == Approx(59600.0).epsilon(0.001));
    CHECK(histogram.Max() == 60000.0);
    LatencyHistogram week;
    week.Add(7 * 86400.0);
    CHECK(week.Quantile(0.5) == Approx(7 * 86400.0).epsilon(0.001));
}
