#include "base/crc32.h"

#include <array>
#include <cstdio>

namespace eesim
{

namespace
{

std::array<std::uint32_t, 256>
MakeTable()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t byte = 0; byte < 256; ++byte)
    {
        std::uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit)
        {
            crc = (crc & 1U) != 0 ? 0xEDB88320U ^ (crc >> 1) : crc >> 1;
        }
        table[byte] = crc;
    }
    return table;
}

} // namespace

std::uint32_t
Crc32(const void* data, std::size_t size)
{
    static const std::array<std::uint32_t, 256> table = MakeTable();
    const auto* bytes = static_cast<const unsigned char*>(data);
    std::uint32_t crc = 0xFFFFFFFFU;
    for (std::size_t i = 0; i < size; ++i)
    {
        crc = table[(crc ^ bytes[i]) & 0xFFU] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFU;
}

std::uint32_t
Crc32(const std::string& bytes)
{
    return Crc32(bytes.data(), bytes.size());
}

std::string
Crc32Hex(const std::string& bytes)
{
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(Crc32(bytes)));
    return hex;
}

} // namespace eesim
