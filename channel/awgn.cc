#include "channel/awgn.h"

#include "base/random.h"
#include "base/seed-mix.h"

#include <cmath>

namespace eesim
{

double
NoiseVarianceForSnr(double snrDb)
{
    return std::pow(10.0, -snrDb / 10.0);
}

void
AddAwgn(float* symbols, std::size_t count, double snrDb, std::uint64_t noiseSeed)
{
    const double sigma = std::sqrt(NoiseVarianceForSnr(snrDb));
    Random random(noiseSeed);
    for (std::size_t i = 0; i < count; ++i)
    {
        symbols[i] = float(double(symbols[i]) + sigma * random.Normal());
    }
}

std::uint64_t
NoiseSeed(std::uint64_t runSeed, std::uint64_t key)
{
    return MixSeed(runSeed, key);
}

} // namespace eesim
