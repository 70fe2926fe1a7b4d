#ifndef EESIM_CHANNEL_AWGN_H
#define EESIM_CHANNEL_AWGN_H

#include <cstddef>
#include <cstdint>

namespace eesim
{

/** Noise variance per real symbol that gives `snrDb` for unit-power symbols: 10^(-snrDb/10). */
double NoiseVarianceForSnr(double snrDb);

/**
 * Adds N(0, NoiseVarianceForSnr(snrDb)) to each of `count` real symbols. The noise comes from a
 * generator seeded by `noiseSeed` alone, so the same seed always yields the same realization:
 * a simulator can recompute a transmission's noisy symbols (an oracle needs that), and policies
 * compared on the same request see the same noise.
 */
void AddAwgn(float* symbols, std::size_t count, double snrDb, std::uint64_t noiseSeed);

/** The seed of one transmission's noise: a run-wide seed mixed with a per-transmission key. */
std::uint64_t NoiseSeed(std::uint64_t runSeed, std::uint64_t key);

} // namespace eesim

#endif
