// Link budget: hand-computed SNRs for log-distance loss, past-time queries for a moving node,
// fixed-SNR mode, and the fading terms on top of the mean.
#include "base/error.h"
#include "channel/fading-seed.h"
#include "channel/link-budget.h"
#include "tests/channel/channel-test-support.h"

#include <catch2/catch.hpp>
#include <ns3/constant-velocity-mobility-model.h>
#include <ns3/double.h>

using namespace eesim;
using eesim::test::NodesAt;
using ns3::MilliSeconds;
using ns3::Seconds;

namespace
{

/** Log-distance loss with exponent 3 and 46.6777 dB at 1 m (5.15 GHz free space at 1 m). */
ns3::Ptr<ns3::PropagationLossModel>
LogDistance()
{
    auto loss = ns3::CreateObject<ns3::LogDistancePropagationLossModel>();
    loss->SetAttribute("Exponent", ns3::DoubleValue(3.0));
    loss->SetAttribute("ReferenceDistance", ns3::DoubleValue(1.0));
    loss->SetAttribute("ReferenceLoss", ns3::DoubleValue(46.6777));
    return loss;
}

/** 20 dBm, 1 MHz, 7 dB noise figure: noise floor -107 dBm. */
LinkBudget
Budget()
{
    return LinkBudget::FromPropagation(20.0, LogDistance(), 1e6, 7.0);
}

} // namespace

TEST_CASE("link budget: noise floor is -174 dBm per Hz plus bandwidth and noise figure")
{
    CHECK(LinkBudget::NoiseFloorDbm(1e6, 7.0) == Approx(-107.0));
    CHECK(LinkBudget::NoiseFloorDbm(20e6, 7.0) == Approx(-93.9897).margin(1e-4));
    CHECK(LinkBudget::NoiseFloorDbm(1.0, 0.0) == Approx(-174.0));
    CHECK(Budget().GetNoiseFloorDbm() == Approx(-107.0));
}

TEST_CASE("link budget: log-distance SNR at 10 m and 100 m")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 }, { 0, 100, 0 } });
    const LinkBudget budget = Budget();
    // 10 m: 20 - (46.6777 + 30 log10(10)) + 107 = 50.3223 dB.
    CHECK(budget.SnrDb(nodes.Get(0), nodes.Get(1), Seconds(0)) == Approx(50.3223).margin(1e-4));
    // 100 m: 20 - (46.6777 + 60) + 107 = 20.3223 dB; the same in both directions.
    CHECK(budget.SnrDb(nodes.Get(0), nodes.Get(2), Seconds(0)) == Approx(20.3223).margin(1e-4));
    CHECK(budget.SnrDb(nodes.Get(2), nodes.Get(0), Seconds(0)) == Approx(20.3223).margin(1e-4));
    CHECK(budget.MeanSnrDb(nodes.Get(0), nodes.Get(2), Seconds(0)) == Approx(20.3223).margin(1e-4));
}

TEST_CASE("link budget: past-time query for a node moving at constant velocity")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 } });
    auto walker = ns3::CreateObject<ns3::Node>();
    auto mobility = ns3::CreateObject<ns3::ConstantVelocityMobilityModel>();
    mobility->SetPosition(ns3::Vector(10, 0, 0));
    mobility->SetVelocity(ns3::Vector(10, 0, 0)); // 10 m/s away from node 0
    walker->AggregateObject(mobility);
    const LinkBudget budget = Budget();

    double nowSnr = 0.0;
    double pastSnr = 0.0;
    ns3::Simulator::Schedule(Seconds(5),
                             [&]()
                             {
                                 nowSnr = budget.SnrDb(nodes.Get(0), walker, Seconds(5));
                                 pastSnr = budget.SnrDb(walker, nodes.Get(0), Seconds(2));
                             });
    ns3::Simulator::Run();
    // At 5 s the walker is at 60 m: 20 - (46.6777 + 30 log10(60)) + 107 = 26.9778 dB.
    CHECK(nowSnr == Approx(26.9778).margin(1e-3));
    // At 2 s it was at 30 m: 20 - (46.6777 + 30 log10(30)) + 107 = 36.0087 dB.
    CHECK(pastSnr == Approx(36.0087).margin(1e-3));
    CHECK(LinkBudget::PositionAt(mobility, Seconds(0)).x == Approx(10.0));
}

TEST_CASE("link budget: fixed SNR mode needs no positions and adds the fading terms")
{
    eesim::test::SimulatorGuard guard;
    auto a = ns3::CreateObject<ns3::Node>(); // no mobility models at all
    auto b = ns3::CreateObject<ns3::Node>();
    LinkBudget fixed = LinkBudget::FixedSnr(12.0);
    CHECK(fixed.IsFixedSnr());
    CHECK(fixed.SnrDb(a, b, Seconds(3)) == 12.0);
    CHECK(fixed.GetTxPowerDbm() == 20.0);

    auto fading = ns3::CreateObject<BlockFadingLossModel>();
    auto gilbertElliott = ns3::CreateObject<GilbertElliottLossModel>();
    fixed.SetBlockFading(fading);
    fixed.SetGilbertElliott(gilbertElliott);
    CHECK(fixed.AssignStreams(40) == 2);
    const std::uint64_t pair = NodePairKey(a->GetId(), b->GetId());
    int bad = 0;
    double meanGain = 0.0;
    for (int i = 0; i < 2000; ++i)
    {
        const ns3::Time t = MilliSeconds(10 * i);
        const double expected = 12.0 + fading->GainDbForPair(pair, t)
                                - (gilbertElliott->IsBadForPair(pair, t) ? 15.0 : 0.0);
        REQUIRE(fixed.SnrDb(a, b, t) == Approx(expected));
        REQUIRE(fixed.SnrDb(b, a, t) == fixed.SnrDb(a, b, t));
        CHECK(fixed.MeanSnrDb(a, b, t) == 12.0);
        bad += gilbertElliott->IsBadForPair(pair, t);
        meanGain += fading->PowerGainForPair(pair, t) / 2000.0;
    }
    CHECK(bad > 0);
    // Block fading keeps the mean linear SNR: 2000 Exp(1) gains average to 1 within 10 %.
    CHECK(meanGain == Approx(1.0).epsilon(0.1));
}

TEST_CASE("link budget: fading terms ride on the log-distance mean")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 100, 0, 0 } });
    LinkBudget budget = Budget();
    auto fading = ns3::CreateObject<BlockFadingLossModel>();
    budget.SetBlockFading(fading);
    budget.AssignStreams(7);
    const ns3::Time t = MilliSeconds(123);
    const double gainDb = fading->GainDbAt(eesim::test::MobilityOf(nodes.Get(0)),
                                           eesim::test::MobilityOf(nodes.Get(1)), t);
    CHECK(budget.SnrDb(nodes.Get(0), nodes.Get(1), t) == Approx(20.3223 + gainDb).margin(1e-4));
}

TEST_CASE("link budget: propagation mode refuses nodes without mobility")
{
    eesim::test::SimulatorGuard guard;
    auto a = ns3::CreateObject<ns3::Node>();
    auto b = ns3::CreateObject<ns3::Node>();
    CHECK_THROWS_AS(Budget().SnrDb(a, b, Seconds(0)), Error);
    CHECK_THROWS_AS(LinkBudget::FromPropagation(20.0, nullptr, 1e6, 7.0), Error);
}
