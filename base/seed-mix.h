#ifndef EESIM_BASE_SEED_MIX_H
#define EESIM_BASE_SEED_MIX_H

#include <cstdint>

namespace eesim
{

/**
 * SplitMix64's step and finalizer: a bijection on 64-bit integers whose outputs look independent
 * even for consecutive inputs, so counters and ids can be turned into generator seeds.
 */
std::uint64_t SplitMix64(std::uint64_t x);

/**
 * Mixes two numbers into one seed. Different `b` under the same `a` always give different seeds
 * (the mix is a bijection in `b`), and chaining calls folds in any number of keys.
 */
std::uint64_t MixSeed(std::uint64_t a, std::uint64_t b);

} // namespace eesim

#endif
