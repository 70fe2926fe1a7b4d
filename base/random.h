#ifndef EESIM_BASE_RANDOM_H
#define EESIM_BASE_RANDOM_H

#include <cstdint>
#include <random>
#include <vector>

namespace eesim
{

/**
 * Seeded random numbers whose sequence is fixed by this code alone. The standard library's
 * distributions are implementation-defined, so a model trained with one standard library would
 * differ from the same seed on another; these conversions are written out here instead.
 */
class Random
{
  public:
    explicit Random(std::uint64_t seed)
        : m_engine(seed)
    {
    }

    /** Uniform in [0, 1) with 24 random bits (exact in float32). */
    float Uniform() { return float(m_engine() >> 40) * (1.0F / 16777216.0F); }
    /** Uniform in [low, high). */
    float Uniform(float low, float high) { return low + (high - low) * Uniform(); }
    /** Uniform integer in [0, bound), without modulo bias. */
    std::uint64_t Below(std::uint64_t bound);
    /** Standard normal via Box-Muller. */
    double Normal();
    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    std::vector<int> Permutation(int n);

  private:
    std::mt19937_64 m_engine;
};

} // namespace eesim

#endif
