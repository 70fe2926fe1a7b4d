#include "channel/symbol-packet.h"

#include "base/error.h"

#include <cstdint>
#include <cstring>

namespace eesim
{

ns3::Ptr<ns3::Packet>
MakeSymbolPacket(const float* symbols, std::size_t count)
{
    std::vector<std::uint8_t> bytes(count * kBytesPerSymbol);
    for (std::size_t i = 0; i < count; ++i)
    {
        std::uint32_t bits;
        std::memcpy(&bits, &symbols[i], sizeof(bits));
        for (std::size_t b = 0; b < kBytesPerSymbol; ++b)
        {
            bytes[i * kBytesPerSymbol + b] = std::uint8_t(bits >> (8 * b)); // little-endian
        }
    }
    return ns3::Create<ns3::Packet>(bytes.data(), std::uint32_t(bytes.size()));
}

ns3::Ptr<ns3::Packet>
MakeSymbolPacket(const std::vector<float>& symbols)
{
    return MakeSymbolPacket(symbols.data(), symbols.size());
}

std::vector<float>
ReadSymbols(ns3::Ptr<const ns3::Packet> packet)
{
    const std::uint32_t size = packet->GetSize();
    if (size % kBytesPerSymbol != 0)
    {
        throw Error("an analog packet of " + std::to_string(size)
                        + " bytes is not a whole number of float32 symbols",
                    Error::Kind::kRuntime);
    }
    std::vector<std::uint8_t> bytes(size);
    packet->CopyData(bytes.data(), size);
    std::vector<float> symbols(size / kBytesPerSymbol);
    for (std::size_t i = 0; i < symbols.size(); ++i)
    {
        std::uint32_t bits = 0;
        for (std::size_t b = 0; b < kBytesPerSymbol; ++b)
        {
            bits |= std::uint32_t(bytes[i * kBytesPerSymbol + b]) << (8 * b);
        }
        std::memcpy(&symbols[i], &bits, sizeof(bits));
    }
    return symbols;
}

} // namespace eesim
