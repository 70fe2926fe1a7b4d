#ifndef EESIM_BASE_CRC32_H
#define EESIM_BASE_CRC32_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace eesim
{

/**
 * The standard CRC-32 (reflected polynomial 0xEDB88320, as zlib, PNG and Ethernet use it) of a
 * byte string: the one checksum of model files and calibration files.
 */
std::uint32_t Crc32(const void* data, std::size_t size);
std::uint32_t Crc32(const std::string& bytes);

/** A CRC-32 written as 8 lowercase hex digits, the way model checksums are shown. */
std::string Crc32Hex(const std::string& bytes);

} // namespace eesim

#endif
