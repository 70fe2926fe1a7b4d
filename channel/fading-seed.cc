#include "channel/fading-seed.h"

#include "base/error.h"
#include "base/seed-mix.h"

#include <algorithm>
#include <ns3/node.h>
#include <ns3/rng-seed-manager.h>

namespace eesim
{

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

std::uint64_t
RunSeed()
{
    return MixSeed(ns3::RngSeedManager::GetSeed(), ns3::RngSeedManager::GetRun());
}

std::uint64_t
NodePairKey(std::uint32_t a, std::uint32_t b)
{
    return (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b);
}

std::uint64_t
NodePairKey(ns3::Ptr<const ns3::MobilityModel> a, ns3::Ptr<const ns3::MobilityModel> b)
{
    return NodePairKey(NodeIdOf(a), NodeIdOf(b));
}

std::uint64_t
PairSeed(std::int64_t stream, std::uint64_t pairKey)
{
    return MixSeed(MixSeed(RunSeed(), std::uint64_t(stream)), pairKey);
}

double
UniformOpen(std::uint64_t randomBits)
{
    return (double(randomBits >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

} // namespace eesim
