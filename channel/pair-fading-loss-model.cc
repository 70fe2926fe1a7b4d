#include "channel/pair-fading-loss-model.h"

#include "base/error.h"
#include "base/seed-mix.h"
#include "channel/fading-seed.h"

#include <ns3/node.h>
#include <ns3/simulator.h>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(PairFadingLossModel);

namespace
{

std::uint32_t
NodeIdOf(ns3::Ptr<const ns3::MobilityModel> mobility)
{
    ns3::Ptr<ns3::Node> node = mobility ? mobility->GetObject<ns3::Node>() : nullptr;
    if (!node)
    {
        throw Error("fading needs mobility models aggregated to nodes (the pair is keyed by "
                    "node ids)",
                    Error::Kind::kRuntime);
    }
    return node->GetId();
}

} // namespace

ns3::TypeId
PairFadingLossModel::GetTypeId()
{
    static ns3::TypeId tid = ns3::TypeId("eesim::PairFadingLossModel")
                                 .SetParent<ns3::PropagationLossModel>()
                                 .SetGroupName("Eesim");
    return tid;
}

std::uint64_t
PairFadingLossModel::PairOf(ns3::Ptr<const ns3::MobilityModel> a,
                            ns3::Ptr<const ns3::MobilityModel> b)
{
    return NodePairKey(NodeIdOf(a), NodeIdOf(b));
}

double
PairFadingLossModel::GainDbAt(ns3::Ptr<const ns3::MobilityModel> a,
                              ns3::Ptr<const ns3::MobilityModel> b, ns3::Time t) const
{
    return GainDbForPair(PairOf(a, b), t);
}

std::uint64_t
PairFadingLossModel::PairSeed(std::uint64_t pairKey) const
{
    return MixSeed(MixSeed(RunSeed(), std::uint64_t(m_stream)), pairKey);
}

double
PairFadingLossModel::DoCalcRxPower(double txPowerDbm, ns3::Ptr<ns3::MobilityModel> a,
                                   ns3::Ptr<ns3::MobilityModel> b) const
{
    return txPowerDbm + GainDbAt(a, b, ns3::Simulator::Now());
}

int64_t
PairFadingLossModel::DoAssignStreams(int64_t stream)
{
    m_stream = stream;
    StreamChanged();
    return 1;
}

} // namespace eesim
