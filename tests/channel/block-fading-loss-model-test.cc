// Rayleigh block fading: Exp(1) power gain per block, constant within a block, a pure function of
// (run, stream, node pair, block).
#include "channel/block-fading-loss-model.h"
#include "channel/fading-seed.h"
#include "tests/channel/channel-test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <ns3/rng-seed-manager.h>
#include <vector>

using namespace eesim;
using eesim::test::MobilityOf;
using eesim::test::NodesAt;
using ns3::MilliSeconds;
using ns3::NanoSeconds;
using ns3::Seconds;

namespace
{

ns3::Ptr<BlockFadingLossModel>
Fading(std::int64_t stream = 3)
{
    auto fading = ns3::CreateObject<BlockFadingLossModel>();
    fading->AssignStreams(stream);
    return fading;
}

/** The linear gains of `blocks` consecutive blocks, sampled mid-block. */
std::vector<double>
BlockGains(const BlockFadingLossModel& fading, std::uint64_t pair, int blocks)
{
    std::vector<double> gains;
    for (int b = 0; b < blocks; ++b)
    {
        gains.push_back(fading.PowerGainForPair(pair, MilliSeconds(10 * b + 5)));
    }
    return gains;
}

} // namespace

TEST_CASE("block fading: coherence time defaults to 10 ms and blocks are floor of t over Tc")
{
    auto fading = ns3::CreateObject<BlockFadingLossModel>();
    ns3::TimeValue coherence;
    fading->GetAttribute("CoherenceTime", coherence);
    CHECK(coherence.Get() == MilliSeconds(10));
    CHECK(fading->BlockIndex(Seconds(0)) == 0);
    CHECK(fading->BlockIndex(MilliSeconds(10) - NanoSeconds(1)) == 0);
    CHECK(fading->BlockIndex(MilliSeconds(10)) == 1);
    CHECK(fading->BlockIndex(MilliSeconds(1234)) == 123);
    CHECK(fading->BlockIndex(MilliSeconds(-1)) == -1);
}

TEST_CASE("block fading: mean gain is 1 and P of gain below x is 1 minus exp of minus x")
{
    auto fading = Fading();
    const int blocks = 100000;
    const std::vector<double> gains = BlockGains(*fading, NodePairKey(0, 1), blocks);
    double sum = 0.0;
    for (double g : gains)
    {
        sum += g;
    }
    // Exp(1) has unit variance: the mean of 1e5 has a spread of 0.3 %.
    CHECK(sum / blocks == Approx(1.0).epsilon(0.015));
    for (double x : { 0.1, 0.5, 1.0, 2.0, 3.0 })
    {
        CAPTURE(x);
        double below = 0;
        for (double g : gains)
        {
            below += g < x;
        }
        // The empirical CDF has a spread of at most 0.0016 here.
        CHECK(below / blocks == Approx(1.0 - std::exp(-x)).margin(0.007));
    }
}

TEST_CASE("block fading: consecutive blocks are uncorrelated")
{
    auto fading = Fading();
    const std::vector<double> gains = BlockGains(*fading, NodePairKey(4, 9), 40000);
    double cross = 0.0;
    for (std::size_t i = 1; i < gains.size(); ++i)
    {
        cross += (gains[i] - 1.0) * (gains[i - 1] - 1.0);
    }
    CHECK(std::abs(cross / double(gains.size() - 1)) < 0.03);
}

TEST_CASE("block fading: constant within a block and changing across blocks")
{
    auto fading = Fading();
    const std::uint64_t pair = NodePairKey(0, 1);
    for (int b = 0; b < 50; ++b)
    {
        const ns3::Time start = MilliSeconds(10 * b);
        const double gain = fading->PowerGainForPair(pair, start);
        CHECK(fading->PowerGainForPair(pair, start + MilliSeconds(3)) == gain);
        CHECK(fading->PowerGainForPair(pair, start + MilliSeconds(10) - NanoSeconds(1)) == gain);
        CHECK(fading->PowerGainForPair(pair, start + MilliSeconds(10)) != gain);
    }
}

TEST_CASE("block fading: reciprocal and independent of the order of queries")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 }, { 20, 0, 0 } });
    auto a = MobilityOf(nodes.Get(0));
    auto b = MobilityOf(nodes.Get(1));
    auto c = MobilityOf(nodes.Get(2));
    auto forward = Fading(5);
    auto backward = Fading(5);
    std::vector<double> ab;
    for (int i = 0; i < 100; ++i)
    {
        ab.push_back(forward->GainDbAt(a, b, MilliSeconds(7 * i)));
        CHECK(forward->GainDbAt(b, a, MilliSeconds(7 * i)) == ab.back());
    }
    for (int i = 99; i >= 0; --i)
    {
        CHECK(backward->GainDbAt(b, a, MilliSeconds(7 * i)) == ab[i]);
    }
    // Another pair and another stream see other realizations.
    CHECK(forward->GainDbAt(a, c, MilliSeconds(0)) != ab[0]);
    CHECK(Fading(6)->GainDbAt(a, b, MilliSeconds(0)) != ab[0]);
}

TEST_CASE("block fading: the ns-3 run number changes the realization")
{
    const std::uint64_t pair = NodePairKey(0, 1);
    const std::uint64_t run = ns3::RngSeedManager::GetRun();
    const double before = Fading()->PowerGainForPair(pair, Seconds(1));
    ns3::RngSeedManager::SetRun(run + 1);
    const double other = Fading()->PowerGainForPair(pair, Seconds(1));
    ns3::RngSeedManager::SetRun(run);
    CHECK(other != before);
    CHECK(Fading()->PowerGainForPair(pair, Seconds(1)) == before);
}

TEST_CASE("block fading: CalcRxPower adds the gain of the current block")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 } });
    auto a = MobilityOf(nodes.Get(0));
    auto b = MobilityOf(nodes.Get(1));
    auto fading = Fading();
    CHECK(fading->CalcRxPower(20.0, a, b) == Approx(20.0 + fading->GainDbAt(a, b, Seconds(0))));
    double rxAtLater = 0.0;
    ns3::Simulator::Schedule(MilliSeconds(25),
                             [&]() { rxAtLater = fading->CalcRxPower(20.0, a, b); });
    ns3::Simulator::Run();
    const double expected = 20.0 + 10.0 * std::log10(fading->PowerGainAt(a, b, MilliSeconds(21)));
    CHECK(rxAtLater == Approx(expected));
}
