// The Markov capacity model: dwell times, jumps among the other states, time-average factor,
// and its cross-field check.
#include "sim/compute/markov-capacity.h"
#include "tests/sim/compute/capacity-test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>

using namespace eesim;

namespace
{

/** Time spent and visits per factor, and jumps (from factor, to factor), over `steps` pieces. */
struct ChainStatistics
{
    std::map<double, double> seconds;
    std::map<double, int> visits;
    std::map<std::pair<double, double>, int> jumps;
    double weighted = 0; // integral of the factor
    double end = 0;
};

ChainStatistics
Walk(MarkovCapacity& chain, int steps)
{
    ChainStatistics s;
    double t = 0;
    for (int i = 0; i < steps; ++i)
    {
        const double factor = chain.FactorAt(t);
        const double next = chain.NextChangeAfter(t);
        s.seconds[factor] += next - t;
        ++s.visits[factor];
        s.weighted += factor * (next - t);
        ++s.jumps[{ factor, chain.FactorAt(next) }];
        chain.Forget(t);
        t = next;
    }
    s.end = t;
    return s;
}

} // namespace

TEST_CASE("a two-state Markov chain: mean dwell times and time-average factor")
{
    MarkovCapacity chain({ 1.0, 0.2 }, { 2.0, 1.0 }, 99);
    const ChainStatistics s = Walk(chain, 40000);
    CHECK(s.visits.at(1.0) == Approx(s.visits.at(0.2)).margin(1)); // two states alternate
    CHECK(s.seconds.at(1.0) / s.visits.at(1.0) == Approx(2.0).epsilon(0.03));
    CHECK(s.seconds.at(0.2) / s.visits.at(0.2) == Approx(1.0).epsilon(0.03));
    // Time shares 2/3 and 1/3: (2 x 1.0 + 1 x 0.2) / 3 = 0.7333.
    CHECK(s.weighted / s.end == Approx(0.7333).epsilon(0.02));
}

TEST_CASE("a three-state Markov chain never stays put and leaves uniformly to the others")
{
    MarkovCapacity chain({ 1.0, 0.5, 0.25 }, { 1.0, 2.0, 3.0 }, 5);
    const ChainStatistics s = Walk(chain, 60000);
    for (double from : { 1.0, 0.5, 0.25 })
    {
        CHECK(s.jumps.count({ from, from }) == 0);
        int leaving = 0;
        for (const auto& [jump, count] : s.jumps)
        {
            leaving += jump.first == from ? count : 0;
        }
        for (double to : { 1.0, 0.5, 0.25 })
        {
            if (to != from)
            {
                CHECK(double(s.jumps.at({ from, to })) / leaving == Approx(0.5).margin(0.02));
            }
        }
    }
    // Uniform jumps visit each state a third of the time, so the time shares follow the mean
    // dwells 1 : 2 : 3, and the average factor is (1 x 1 + 2 x 0.5 + 3 x 0.25) / 6 = 0.4583.
    CHECK(s.seconds.at(0.5) / s.end == Approx(2.0 / 6).margin(0.01));
    CHECK(s.weighted / s.end == Approx(0.4583).epsilon(0.02));
}

TEST_CASE("a one-state Markov chain holds its factor forever")
{
    MarkovCapacity chain({ 0.7 }, { 5.0 }, 1);
    CHECK(chain.FactorAt(1e6) == 0.7);
    CHECK(std::isinf(chain.NextChangeAfter(0)));
}

TEST_CASE("a Markov chain starts in its first state and is a function of its seed")
{
    MarkovCapacity a({ 0.9, 0.1 }, { 1.0, 1.0 }, 17);
    MarkovCapacity b({ 0.9, 0.1 }, { 1.0, 1.0 }, 17);
    MarkovCapacity c({ 0.9, 0.1 }, { 1.0, 1.0 }, 18);
    CHECK(a.FactorAt(0) == 0.9);
    CHECK(test::Pieces(a, 100) == test::Pieces(b, 100));
    CHECK(test::Pieces(a, 100) != test::Pieces(c, 100));
}

TEST_CASE("markov: the registered model needs one dwell time per factor")
{
    const test::LoadedCapacity bad = test::LoadCapacity(
        { { "model", "markov" }, { "factors", { 1.0, 0.5 } }, { "mean_dwell_s", { 1, 2, 3 } } });
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems[0].key.empty());
    CHECK(bad.problems[0].what == "factors and mean_dwell_s need one entry per state (2 and 3)");

    const test::LoadedCapacity good = test::LoadCapacity(
        { { "model", "markov" }, { "factors", { 0.8, 0.4 } }, { "mean_dwell_s", { 3, 1 } } });
    CHECK(good.problems.empty());
    auto process = good.factory(7);
    MarkovCapacity direct({ 0.8, 0.4 }, { 3, 1 }, 7);
    CHECK(test::Pieces(*process, 50) == test::Pieces(direct, 50));
}

TEST_CASE("markov: dwell times that change the factor more often than a run affords are refused")
{
    const nlohmann::json chain
        = { { "model", "markov" }, { "factors", { 1.0, 0.5 } }, { "mean_dwell_s", { 1e-6, 3e-6 } } };
    // A mean dwell of 2 us: 5e5 changes per second, so 20 s of run are all a node may make.
    CHECK(test::LoadCapacity(chain, "s.json", 19).problems.empty());
    const test::LoadedCapacity loaded = test::LoadCapacity(chain, "s.json", 100);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].key == "mean_dwell_s");
    CHECK_THAT(loaded.problems[0].what,
               Catch::StartsWith("mean dwell times of 2e-06 s on average make about 5")
                   && Catch::EndsWith(" capacity changes within the run's time limit of 100 s, "
                                      "more than the 10000000 a node's fluctuation may make (each "
                                      "is drawn and integrated over); make them slower or the "
                                      "run shorter (stop_time_s)"));
    // One state never changes, whatever its dwell time.
    CHECK(test::LoadCapacity({ { "model", "markov" }, { "factors", { 1.0 } },
                               { "mean_dwell_s", { 1e-6 } } },
                             "s.json", 1e5)
              .problems.empty());
}
