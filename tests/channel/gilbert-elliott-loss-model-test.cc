// Gilbert-Elliott good/bad channel: stationary fraction of bad time, exponential dwell times,
// reciprocity and answers for past times that do not depend on the order of queries.
#include "channel/fading-seed.h"
#include "channel/gilbert-elliott-loss-model.h"
#include "tests/channel/channel-test-support.h"

#include <catch2/catch.hpp>
#include <ns3/double.h>
#include <vector>

using namespace eesim;
using eesim::test::MobilityOf;
using eesim::test::NodesAt;
using ns3::MilliSeconds;
using ns3::Seconds;

namespace
{

ns3::Ptr<GilbertElliottLossModel>
Channel(std::int64_t stream = 11)
{
    auto model = ns3::CreateObject<GilbertElliottLossModel>();
    model->AssignStreams(stream);
    return model;
}

/** Lengths (s) of the good and bad periods before `horizon`, the unfinished last one excluded. */
struct Dwells
{
    std::vector<double> good;
    std::vector<double> bad;
    double badTime = 0.0; // including the unfinished period
};

Dwells
MeasureDwells(const GilbertElliottLossModel& model, std::uint64_t pair, ns3::Time horizon)
{
    Dwells dwells;
    bool bad = model.IsBadForPair(pair, Seconds(0));
    double start = 0.0;
    for (ns3::Time t : model.SwitchTimesForPair(pair, horizon))
    {
        const double length = t.GetSeconds() - start;
        (bad ? dwells.bad : dwells.good).push_back(length);
        dwells.badTime += bad ? length : 0.0;
        start = t.GetSeconds();
        bad = !bad;
    }
    dwells.badTime += bad ? horizon.GetSeconds() - start : 0.0;
    return dwells;
}

double
Average(const std::vector<double>& x)
{
    double sum = 0.0;
    for (double v : x)
    {
        sum += v;
    }
    return sum / double(x.size());
}

} // namespace

TEST_CASE("gilbert-elliott: attribute defaults are 15 dB and 2 s good and 0.5 s bad")
{
    auto model = ns3::CreateObject<GilbertElliottLossModel>();
    ns3::DoubleValue badLoss;
    ns3::TimeValue good;
    ns3::TimeValue bad;
    model->GetAttribute("BadLoss", badLoss);
    model->GetAttribute("MeanGoodTime", good);
    model->GetAttribute("MeanBadTime", bad);
    CHECK(badLoss.Get() == 15.0);
    CHECK(good.Get() == Seconds(2));
    CHECK(bad.Get() == MilliSeconds(500));
}

TEST_CASE("gilbert-elliott: fraction of time bad is MeanBad over MeanGood plus MeanBad")
{
    auto model = Channel();
    const std::uint64_t pair = NodePairKey(0, 1);
    const ns3::Time horizon = Seconds(20000); // about 8000 good/bad cycles
    const Dwells dwells = MeasureDwells(*model, pair, horizon);
    // 0.5 / 2.5; the estimate's spread over 8000 cycles is about 0.0025.
    CHECK(dwells.badTime / horizon.GetSeconds() == Approx(0.2).margin(0.01));

    // The same from point samples of the loss.
    int bad = 0;
    const int samples = 100000;
    for (int i = 0; i < samples; ++i)
    {
        const double loss = model->LossDbForPair(pair, MilliSeconds(200 * i + 17));
        REQUIRE((loss == 0.0 || loss == 15.0));
        bad += loss > 0.0;
    }
    CHECK(double(bad) / samples == Approx(0.2).margin(0.01));
}

TEST_CASE("gilbert-elliott: mean dwell times are MeanGoodTime and MeanBadTime")
{
    auto model = Channel();
    ns3::Ptr<GilbertElliottLossModel> custom = Channel();
    custom->SetAttribute("MeanGoodTime", ns3::TimeValue(MilliSeconds(300)));
    custom->SetAttribute("MeanBadTime", ns3::TimeValue(MilliSeconds(100)));
    const Dwells defaults = MeasureDwells(*model, NodePairKey(0, 1), Seconds(20000));
    const Dwells quick = MeasureDwells(*custom, NodePairKey(0, 1), Seconds(2000));
    // About 8000 and 5000 periods of each kind: the means have spreads near 1.2 %.
    CHECK(defaults.good.size() > 7000);
    CHECK(Average(defaults.good) == Approx(2.0).epsilon(0.05));
    CHECK(Average(defaults.bad) == Approx(0.5).epsilon(0.05));
    CHECK(Average(quick.good) == Approx(0.3).epsilon(0.05));
    CHECK(Average(quick.bad) == Approx(0.1).epsilon(0.05));
    CHECK(quick.badTime / 2000.0 == Approx(0.25).margin(0.015));
}

TEST_CASE("gilbert-elliott: the state at t = 0 follows the stationary distribution")
{
    auto model = Channel();
    int bad = 0;
    const int pairs = 4000;
    for (int i = 0; i < pairs; ++i)
    {
        bad += model->IsBadForPair(NodePairKey(0, std::uint32_t(i + 1)), Seconds(0));
    }
    // Binomial(4000, 0.2): spread 0.0063.
    CHECK(double(bad) / pairs == Approx(0.2).margin(0.03));
}

TEST_CASE("gilbert-elliott: reciprocal and past queries after future ones agree")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 }, { 0, 10, 0 } });
    auto a = MobilityOf(nodes.Get(0));
    auto b = MobilityOf(nodes.Get(1));
    auto forward = Channel(2);
    auto jumping = Channel(2);
    std::vector<double> loss;
    for (int i = 0; i < 2000; ++i)
    {
        loss.push_back(forward->LossDbAt(a, b, MilliSeconds(50 * i)));
        CHECK(forward->LossDbAt(b, a, MilliSeconds(50 * i)) == loss.back());
    }
    // A query far ahead first, then the past in reverse order.
    jumping->LossDbAt(b, a, Seconds(500));
    for (int i = 1999; i >= 0; --i)
    {
        REQUIRE(jumping->LossDbAt(b, a, MilliSeconds(50 * i)) == loss[i]);
    }
    // The state changes along the way and another pair follows its own trajectory.
    int bad = 0;
    int differ = 0;
    auto c = MobilityOf(nodes.Get(2));
    for (int i = 0; i < 2000; ++i)
    {
        bad += loss[i] > 0.0;
        differ += forward->LossDbAt(a, c, MilliSeconds(50 * i)) != loss[i];
    }
    CHECK(bad > 0);
    CHECK(bad < 2000);
    CHECK(differ > 0);
}

TEST_CASE("gilbert-elliott: CalcRxPower subtracts BadLoss in the bad state")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 } });
    auto a = MobilityOf(nodes.Get(0));
    auto b = MobilityOf(nodes.Get(1));
    auto model = Channel();
    model->SetAttribute("BadLoss", ns3::DoubleValue(20.0));
    auto twin = Channel(); // same stream: the same trajectory, queried before the run
    std::vector<double> expected;
    std::vector<double> rx;
    for (int i = 0; i < 200; ++i)
    {
        expected.push_back(twin->IsBadAt(a, b, MilliSeconds(100 * i)) ? -10.0 : 10.0);
        ns3::Simulator::Schedule(MilliSeconds(100 * i),
                                 [&]() { rx.push_back(model->CalcRxPower(10.0, a, b)); });
    }
    ns3::Simulator::Run();
    CHECK(rx == expected);
}
