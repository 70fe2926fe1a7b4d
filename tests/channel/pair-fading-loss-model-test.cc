// What the slow fading models share through PairFadingLossModel: node pairs from mobility
// models, the gain applied to frames at the current time, and streams that pick the process.
#include "base/error.h"
#include "channel/block-fading-loss-model.h"
#include "channel/fading-seed.h"
#include "channel/gilbert-elliott-loss-model.h"
#include "tests/channel/channel-test-support.h"

#include <catch2/catch.hpp>
#include <ns3/constant-position-mobility-model.h>
#include <ns3/double.h>
#include <vector>

using namespace eesim;
using eesim::test::MobilityOf;
using eesim::test::NodesAt;
using ns3::MilliSeconds;

namespace
{

/** One of each model, with fast dynamics so that a few seconds see many changes. */
std::vector<ns3::Ptr<PairFadingLossModel>>
EachModel()
{
    auto block = ns3::CreateObject<BlockFadingLossModel>();
    auto gilbertElliott = ns3::CreateObject<GilbertElliottLossModel>();
    gilbertElliott->SetAttribute("MeanGoodTime", ns3::TimeValue(MilliSeconds(40)));
    gilbertElliott->SetAttribute("MeanBadTime", ns3::TimeValue(MilliSeconds(40)));
    return { block, gilbertElliott };
}

/** A pair's gains (dB) at 100 times 10 ms apart. */
std::vector<double>
Gains(const PairFadingLossModel& model, std::uint64_t pair)
{
    std::vector<double> gains;
    for (int i = 0; i < 100; ++i)
    {
        gains.push_back(model.GainDbForPair(pair, MilliSeconds(10 * i)));
    }
    return gains;
}

} // namespace

TEST_CASE("pair fading: frames get the pair's gain at the current time, in both directions")
{
    eesim::test::SimulatorGuard guard;
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 }, { 10, 0, 0 } });
    auto a = MobilityOf(nodes.Get(0));
    auto b = MobilityOf(nodes.Get(1));
    const std::uint64_t pair = NodePairKey(nodes.Get(0)->GetId(), nodes.Get(1)->GetId());
    for (const auto& model : EachModel())
    {
        INFO(model->GetInstanceTypeId().GetName());
        model->AssignStreams(11);
        CHECK(PairFadingLossModel::PairOf(a, b) == pair);
        CHECK(PairFadingLossModel::PairOf(b, a) == pair);
        std::vector<double> forward;
        std::vector<double> backward;
        for (int i = 0; i < 50; ++i)
        {
            ns3::Simulator::Schedule(MilliSeconds(20 * i),
                                     [&, model]()
                                     {
                                         forward.push_back(model->CalcRxPower(5.0, a, b));
                                         backward.push_back(model->CalcRxPower(5.0, b, a));
                                     });
        }
        ns3::Simulator::Run();
        REQUIRE(forward.size() == 50);
        for (int i = 0; i < 50; ++i)
        {
            CHECK(forward[i] == 5.0 + model->GainDbForPair(pair, MilliSeconds(20 * i)));
        }
        CHECK(backward == forward);
        ns3::Simulator::Destroy();
    }
}

TEST_CASE("pair fading: the stream picks the process, and reassigning it gives it back")
{
    const std::uint64_t pair = NodePairKey(2, 7);
    for (const auto& model : EachModel())
    {
        INFO(model->GetInstanceTypeId().GetName());
        CHECK(model->AssignStreams(4) == 1);
        const std::vector<double> first = Gains(*model, pair);
        model->AssignStreams(5);
        CHECK(Gains(*model, pair) != first);
        model->AssignStreams(4);
        CHECK(Gains(*model, pair) == first);
        CHECK(Gains(*model, NodePairKey(2, 8)) != first); // another pair, another process
    }
}

TEST_CASE("pair fading: a mobility model that belongs to no node is refused")
{
    auto loose = ns3::CreateObject<ns3::ConstantPositionMobilityModel>();
    ns3::NodeContainer nodes = NodesAt({ { 0, 0, 0 } });
    for (const auto& model : EachModel())
    {
        CHECK_THROWS_WITH(model->CalcRxPower(0.0, loose, MobilityOf(nodes.Get(0))),
                          Catch::Contains("fading needs mobility models aggregated to nodes"));
    }
}
