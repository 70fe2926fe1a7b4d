// The one CRC-32 and the one place run seeds are derived.
#include "base/crc32.h"
#include "base/seed-mix.h"
#include "base/seed-streams.h"

#include <catch2/catch.hpp>
#include <set>

using namespace eesim;

TEST_CASE("CRC-32 gives the standard check value and agrees across its two signatures")
{
    // The catalogued check value of CRC-32 (ISO-HDLC, as zlib and PNG compute it).
    CHECK(Crc32("123456789") == 0xCBF43926U);
    CHECK(Crc32Hex("123456789") == "cbf43926");
    CHECK(Crc32("") == 0U);
    const std::string bytes = "eesim";
    CHECK(Crc32(bytes.data(), bytes.size()) == Crc32(bytes));
}

TEST_CASE("run seeds keep the derivations that existing results were made with")
{
    // Pinned: a change here would change every run's requests, capacities and noise.
    CHECK(StreamSeed(SeedStream::kCapacity, 1, 0) == ((1ULL << 24) ^ (0x51ed270bULL * 7)));
    CHECK(StreamSeed(SeedStream::kRequests, 1, 2) == ((1ULL << 20) ^ (0x9e3779b9ULL * 3)));
    CHECK(StreamSeed(SeedStream::kCsiError, 5) == ((5ULL << 16) ^ 0xc51e5712ULL));
    CHECK(StreamSeed(SeedStream::kAnalogNoise, 5) == MixSeed(5, 0xa4a1065eedULL));
    CHECK(StreamSeed(SeedStream::kCalibrationDraw, 5) == (5ULL ^ 0xd161a1ULL));
}

TEST_CASE("per-node streams of one run never share a seed")
{
    std::set<std::uint64_t> seen;
    for (std::uint64_t node = 0; node < 1000; ++node)
    {
        seen.insert(StreamSeed(SeedStream::kCapacity, 7, node));
        seen.insert(StreamSeed(SeedStream::kRequests, 7, node));
    }
    CHECK(seen.size() == 2000);
}
