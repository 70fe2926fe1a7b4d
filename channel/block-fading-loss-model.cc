#include "channel/block-fading-loss-model.h"

#include "base/seed-mix.h"
#include "channel/fading-seed.h"

#include <cmath>
#include <random>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(BlockFadingLossModel);

ns3::TypeId
BlockFadingLossModel::GetTypeId()
{
    static ns3::TypeId tid
        = ns3::TypeId("eesim::BlockFadingLossModel")
              .SetParent<PairFadingLossModel>()
              .SetGroupName("Eesim")
              .AddConstructor<BlockFadingLossModel>()
              .AddAttribute("CoherenceTime",
                            "How long the fading gain stays constant; blocks are independent.",
                            ns3::TimeValue(ns3::MilliSeconds(10)),
                            ns3::MakeTimeAccessor(&BlockFadingLossModel::m_coherenceTime),
                            ns3::MakeTimeChecker(ns3::NanoSeconds(1)));
    return tid;
}

BlockFadingLossModel::BlockFadingLossModel() = default;

std::int64_t
BlockFadingLossModel::BlockIndex(ns3::Time t) const
{
    // Integer time steps: block edges are exact, with floor semantics for negative times.
    const std::int64_t step = t.GetTimeStep();
    const std::int64_t length = m_coherenceTime.GetTimeStep();
    const std::int64_t q = step / length;
    return (step % length != 0 && step < 0) ? q - 1 : q;
}

double
BlockFadingLossModel::PowerGainForPair(std::uint64_t pairKey, ns3::Time t) const
{
    const auto block = std::uint64_t(BlockIndex(t));
    std::mt19937_64 engine(MixSeed(PairSeed(pairKey), block));
    return -std::log(UniformOpen(engine())); // Exp(1): |h|^2 of a unit-power Rayleigh channel
}

double
BlockFadingLossModel::GainDbForPair(std::uint64_t pairKey, ns3::Time t) const
{
    return 10.0 * std::log10(PowerGainForPair(pairKey, t));
}

double
BlockFadingLossModel::PowerGainAt(ns3::Ptr<const ns3::MobilityModel> a,
                                  ns3::Ptr<const ns3::MobilityModel> b, ns3::Time t) const
{
    return PowerGainForPair(PairOf(a, b), t);
}

} // namespace eesim
