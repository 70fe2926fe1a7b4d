#include "base/seed-mix.h"

namespace eesim
{

std::uint64_t
SplitMix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t
MixSeed(std::uint64_t a, std::uint64_t b)
{
    // Hashing `a` first keeps (a, b) and (b, a) apart.
    return SplitMix64(SplitMix64(a) ^ b);
}

} // namespace eesim
