#ifndef EESIM_CHANNEL_FADING_SEED_H
#define EESIM_CHANNEL_FADING_SEED_H

#include <cstdint>

namespace eesim
{

/**
 * The pieces of a fading process's seed that are functions of (run, node pair) rather than of
 * the order in which the simulation happens to query them (PairFadingLossModel::PairSeed puts
 * them together).
 */

/** ns-3's run identity, RngSeedManager's seed and run number, mixed into one number. */
std::uint64_t RunSeed();

/** The unordered pair {a, b}: the same key for a->b and b->a, so fading is reciprocal. */
std::uint64_t NodePairKey(std::uint32_t a, std::uint32_t b);

/** A uniform number in the open interval (0, 1) from 53 random bits: safe to take logs of. */
double UniformOpen(std::uint64_t randomBits);

} // namespace eesim

#endif
