#include "base/seed-streams.h"

#include "base/seed-mix.h"

namespace eesim
{

std::uint64_t
StreamSeed(SeedStream stream, std::uint64_t runSeed, std::uint64_t index)
{
    switch (stream)
    {
    case SeedStream::kCapacity:
        return (runSeed << 24) ^ (0x51ed270bULL * (index + 7));
    case SeedStream::kRequests:
        return (runSeed << 20) ^ (0x9e3779b9ULL * (index + 1));
    case SeedStream::kCsiError:
        return (runSeed << 16) ^ 0xc51e5712ULL;
    case SeedStream::kAnalogNoise:
        return MixSeed(runSeed, 0xa4a1065eedULL);
    case SeedStream::kCalibrationDraw:
        return runSeed ^ 0xd161a1ULL;
    case SeedStream::kServerChoice:
        return MixSeed(MixSeed(runSeed, 0x5e1ec7ULL), index);
    }
    return MixSeed(runSeed, index);
}

} // namespace eesim
