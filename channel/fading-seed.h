#ifndef EESIM_CHANNEL_FADING_SEED_H
#define EESIM_CHANNEL_FADING_SEED_H

#include <cstdint>
#include <ns3/mobility-model.h>
#include <ns3/ptr.h>

namespace eesim
{

/**
 * Seeds for fading processes that are functions of (run, stream, node pair) rather than of the
 * order in which the simulation happens to query them.
 */

/** ns-3's run identity, RngSeedManager's seed and run number, mixed into one number. */
std::uint64_t RunSeed();

/** The unordered pair {a, b}: the same key for a->b and b->a, so fading is reciprocal. */
std::uint64_t NodePairKey(std::uint32_t a, std::uint32_t b);

/**
 * NodePairKey of the nodes the two mobility models are aggregated to; throws eesim::Error when
 * a model belongs to no node (fading needs stable node ids).
 */
std::uint64_t NodePairKey(ns3::Ptr<const ns3::MobilityModel> a,
                          ns3::Ptr<const ns3::MobilityModel> b);

/** The seed of one pair's fading process: RunSeed, the model's stream and the pair key. */
std::uint64_t PairSeed(std::int64_t stream, std::uint64_t pairKey);

/** A uniform number in the open interval (0, 1) from 53 random bits: safe to take logs of. */
double UniformOpen(std::uint64_t randomBits);

} // namespace eesim

#endif
