// AWGN at a given SNR: noise power, zero mean, Gaussian shape, reproducible from its seed.
#include "channel/awgn.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace eesim;

namespace
{

constexpr std::size_t kSamples = 200000;

/** Noise alone: AddAwgn on zero symbols. */
std::vector<float>
Noise(double snrDb, std::uint64_t seed, std::size_t count = kSamples)
{
    std::vector<float> symbols(count, 0.0F);
    AddAwgn(symbols.data(), symbols.size(), snrDb, seed);
    return symbols;
}

double
Mean(const std::vector<float>& x)
{
    double sum = 0.0;
    for (float v : x)
    {
        sum += v;
    }
    return sum / double(x.size());
}

double
Power(const std::vector<float>& x)
{
    double sum = 0.0;
    for (float v : x)
    {
        sum += double(v) * v;
    }
    return sum / double(x.size());
}

} // namespace

TEST_CASE("awgn: noise variance for unit-power symbols is 1 over the linear SNR")
{
    CHECK(NoiseVarianceForSnr(0.0) == Approx(1.0));
    CHECK(NoiseVarianceForSnr(10.0) == Approx(0.1));
    CHECK(NoiseVarianceForSnr(25.0) == Approx(0.00316228).epsilon(1e-5));
    CHECK(NoiseVarianceForSnr(-5.0) == Approx(3.16228).epsilon(1e-5));
}

TEST_CASE("awgn: measured noise power matches the SNR at -5 0 10 and 25 dB")
{
    const double snrs[] = { -5.0, 0.0, 10.0, 25.0 };
    std::uint64_t seed = 1;
    for (double snrDb : snrs)
    {
        CAPTURE(snrDb);
        const std::vector<float> noise = Noise(snrDb, seed++);
        const double variance = NoiseVarianceForSnr(snrDb);
        // The sample power of 2e5 Gaussians has a relative spread of sqrt(2/n) = 0.3 %.
        CHECK(Power(noise) == Approx(variance).epsilon(0.02));
        // The sample mean has a spread of sqrt(variance/n); allow 4 of them.
        CHECK(std::abs(Mean(noise)) < 4.0 * std::sqrt(variance / kSamples));
        // The measured SNR in dB for unit-power symbols.
        CHECK(-10.0 * std::log10(Power(noise)) == Approx(snrDb).margin(0.1));
    }
}

TEST_CASE("awgn: noise is Gaussian with 68.3 and 95.4 percent within one and two sigma")
{
    const std::vector<float> noise = Noise(0.0, 42);
    std::size_t within1 = 0;
    std::size_t within2 = 0;
    for (float v : noise)
    {
        within1 += std::abs(v) < 1.0F;
        within2 += std::abs(v) < 2.0F;
    }
    CHECK(double(within1) / kSamples == Approx(0.6827).margin(0.005));
    CHECK(double(within2) / kSamples == Approx(0.9545).margin(0.003));
}

TEST_CASE("awgn: the same seed gives identical noise and noise adds to the symbols")
{
    const std::vector<float> a = Noise(10.0, 7, 1000);
    const std::vector<float> b = Noise(10.0, 7, 1000);
    CHECK(a == b);

    std::vector<float> symbols(1000);
    for (std::size_t i = 0; i < symbols.size(); ++i)
    {
        symbols[i] = (i % 2 == 0) ? 1.0F : -1.0F;
    }
    std::vector<float> noisy = symbols;
    AddAwgn(noisy.data(), noisy.size(), 10.0, 7);
    for (std::size_t i = 0; i < symbols.size(); ++i)
    {
        REQUIRE(noisy[i] - symbols[i] == Approx(a[i]).margin(1e-6));
    }
}

TEST_CASE("awgn: different keys give different noise seeds and different noise")
{
    const std::uint64_t run = 12345;
    CHECK(NoiseSeed(run, 1) == NoiseSeed(run, 1));
    CHECK(NoiseSeed(run, 1) != NoiseSeed(run, 2));
    CHECK(NoiseSeed(run, 1) != NoiseSeed(run + 1, 1));
    CHECK(NoiseSeed(1, 2) != NoiseSeed(2, 1));

    const std::vector<float> a = Noise(0.0, NoiseSeed(run, 1), 10000);
    const std::vector<float> b = Noise(0.0, NoiseSeed(run, 2), 10000);
    // Independent noise: the correlation of two realizations is within 4/sqrt(n) of zero.
    double cross = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        cross += double(a[i]) * b[i];
    }
    CHECK(std::abs(cross / double(a.size())) < 0.04);
}
