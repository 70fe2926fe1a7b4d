#ifndef EESIM_BASE_SEED_STREAMS_H
#define EESIM_BASE_SEED_STREAMS_H

#include <cstdint>

namespace eesim
{

/** The random streams of a run that are ours (ns-3's own come from RngSeedManager). */
enum class SeedStream
{
    kCapacity,        // a node's capacity fluctuation; index = node
    kRequests,        // a device's arrivals and images; index = node
    kCsiError,        // the error of noisy channel-state estimates
    kAnalogNoise,     // the receiver noise of analog links (keyed further by request)
    kCalibrationDraw, // eesim calibrate's choice of samples
    kServerChoice,    // random server selection; index = pool
};

/**
 * The seed of one stream of a run, from the run's seed and, for per-node streams, the node's
 * index: the one place where seeds are derived, so two streams never share one by accident.
 * Each stream keeps the derivation it was introduced with, so that a scenario and seed still
 * give the same run, byte for byte.
 */
std::uint64_t StreamSeed(SeedStream stream, std::uint64_t runSeed, std::uint64_t index = 0);

} // namespace eesim

#endif
