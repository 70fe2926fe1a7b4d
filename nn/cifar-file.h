#ifndef EESIM_NN_CIFAR_FILE_H
#define EESIM_NN_CIFAR_FILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

/**
 * The records of a CIFAR binary batch file: each is `labelBytes` label bytes (CIFAR-10: the
 * class; CIFAR-100: the coarse class, then the fine one) followed by a 32x32 RGB image as three
 * 1,024-byte planes (red, green, blue), rows top to bottom.
 */
struct CifarRecords
{
    static constexpr int kImageBytes = 3 * 32 * 32;

    std::vector<std::uint8_t> pixels; // records x 3 x 32 x 32
    std::vector<std::int32_t> labels; // the last label byte of each record (CIFAR-100: fine)
};

/** The largest batch file eesim reads (2 GiB, as for IDX files). */
constexpr std::uint64_t kMaxCifarBytes = std::uint64_t(1) << 31;

/**
 * Reads a batch file and checks each record's label is below `classes`. Throws
 * eesim::Error("PATH: problem") when the file is missing, empty, not a whole number of records
 * (truncated) or holds a label out of range.
 */
CifarRecords ReadCifarFile(const std::string& path, int labelBytes, int classes);
/** The number of records, from the file's size alone (with the same size checks): cheap. */
std::uint64_t CountCifarRecords(const std::string& path, int labelBytes);

} // namespace eesim

#endif
