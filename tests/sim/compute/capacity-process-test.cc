// Compute fluctuation: long-run statistics of the random processes, and exact service-time
// integration over a hand-built trace.
#include "base/error.h"
#include "sim/compute/capacity-process.h"
#include "sim/compute/compute-queue.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <limits>

using namespace eesim;

TEST_CASE("constant capacity never changes")
{
    ConstantCapacity constant;
    CHECK(constant.FactorAt(123.0) == 1.0);
    CHECK(std::isinf(constant.NextChangeAfter(0.0)));
}

TEST_CASE("service time integrates exactly over a trace, across its loop")
{
    // Factor 1 on [0,1), 0.5 on [1,2), 2 on [2,3), then again from 3.
    ComputeQueue queue(1.0, std::make_unique<TraceCapacity>(std::vector<double>{ 0, 1, 2 },
                                                            std::vector<double>{ 1, 0.5, 2 }, 3));
    // 2 GFLOP from 0.5 s: 0.5 in [0.5,1), 0.5 in [1,2), the last 1 at 2 GFLOP/s: ends at 2.5 s.
    CHECK(queue.FinishTime(0.5, 2'000'000'000) == Approx(2.5));
    // 3 GFLOP from 2.5 s: 1 in [2.5,3), 1 in [3,4), 0.5 in [4,5), 0.5 at 2 GFLOP/s: 5.25 s.
    CHECK(queue.FinishTime(2.5, 3'000'000'000) == Approx(5.25));
    // Within one piece it is plain division.
    CHECK(queue.FinishTime(2.0, 1'000'000'000) == Approx(2.5));
}

TEST_CASE("a trace file is read, and malformed ones are refused with the line")
{
    test::TempDir dir;
    std::ofstream(dir.File("t.csv")) << "time_s,capacity_factor\n0,1\n10,0.25\n";
    auto trace = TraceCapacity::FromFile(dir.File("t.csv"), 20);
    CHECK(trace->FactorAt(15) == 0.25);
    CHECK(trace->FactorAt(25) == 1.0); // looped
    CHECK(trace->NextChangeAfter(25) == Approx(30));
    std::ofstream(dir.File("bad.csv")) << "0,1\n5,-2\n";
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("bad.csv"), 10),
                      Catch::Contains("bad.csv: line 2: capacity_factor must be positive"));
    std::ofstream(dir.File("order.csv")) << "0,1\n5,2\n3,1\n";
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("order.csv"), 10),
                      Catch::Contains("line 3: times must start at 0 and increase"));
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("t.csv"), 5),
                      Catch::Contains("period_s must be after the last row"));
}

TEST_CASE("a two-state Markov chain: mean dwell times and time-average factor")
{
    MarkovCapacity chain({ 1.0, 0.2 }, { 2.0, 1.0 }, 99);
    double t = 0;
    double weighted = 0;
    double dwell[2] = { 0, 0 };
    int visits[2] = { 0, 0 };
    for (int i = 0; i < 40000; ++i)
    {
        const double factor = chain.FactorAt(t);
        const double next = chain.NextChangeAfter(t);
        const int state = factor == 1.0 ? 0 : 1;
        dwell[state] += next - t;
        ++visits[state];
        weighted += factor * (next - t);
        chain.Forget(t);
        t = next;
    }
    CHECK(visits[0] == Approx(visits[1]).margin(1)); // two states alternate
    CHECK(dwell[0] / visits[0] == Approx(2.0).epsilon(0.03));
    CHECK(dwell[1] / visits[1] == Approx(1.0).epsilon(0.03));
    CHECK(weighted / t == Approx((2 * 1.0 + 1 * 0.2) / 3).epsilon(0.02));
}

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
