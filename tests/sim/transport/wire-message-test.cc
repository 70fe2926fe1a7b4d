// Framing of feature and result messages on a byte stream.
#include "base/error.h"
#include "sim/transport/wire-message.h"

#include <catch2/catch.hpp>

using namespace eesim;

TEST_CASE("frames survive being split and joined arbitrarily")
{
    WireMessage features;
    features.kind = WireMessage::Kind::kFeatures;
    features.encodingOrExit = 2;
    features.segmentOrPrediction = 3;
    features.request = 0x0102030405060708ULL;
    features.payload = { 9, 8, 7, 6, 5 };
    WireMessage result;
    result.kind = WireMessage::Kind::kResult;
    result.encodingOrExit = 1;
    result.segmentOrPrediction = 7;
    result.request = 42;
    std::vector<std::uint8_t> stream = features.Serialize();
    CHECK(stream.size() == WireMessage::kHeaderBytes + 5);
    const auto second = result.Serialize();
    CHECK(second.size() == WireMessage::kHeaderBytes);
    stream.insert(stream.end(), second.begin(), second.end());

    FrameReassembler reassembler;
    std::vector<WireMessage> received;
    for (std::size_t i = 0; i < stream.size(); i += 3) // 3-byte pieces
    {
        reassembler.Append(stream.data() + i, std::min<std::size_t>(3, stream.size() - i));
        while (auto message = reassembler.Next())
        {
            received.push_back(*message);
        }
    }
    REQUIRE(received.size() == 2);
    CHECK(received[0].request == features.request);
    CHECK(received[0].payload == features.payload);
    CHECK(received[0].segmentOrPrediction == 3);
    CHECK(received[1].kind == WireMessage::Kind::kResult);
    CHECK(received[1].segmentOrPrediction == 7);
}

TEST_CASE("a frame with a bad kind or length is an error")
{
    FrameReassembler reassembler;
    std::vector<std::uint8_t> junk(16, 0);
    junk[0] = 16;
    junk[4] = 9;
    reassembler.Append(junk.data(), junk.size());
    CHECK_THROWS_WITH(reassembler.Next(), Catch::Contains("malformed frame"));
}
