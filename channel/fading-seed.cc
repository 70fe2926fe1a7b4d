#include "channel/fading-seed.h"

#include "base/seed-mix.h"

#include <algorithm>
#include <ns3/rng-seed-manager.h>

namespace eesim
{

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

double
UniformOpen(std::uint64_t randomBits)
{
    return (double(randomBits >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

} // namespace eesim
