#include "nn/idx-file.h"

#include "base/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <sys/stat.h>
#include <zlib.h>

namespace eesim
{

namespace
{

struct GzCloser
{
    void operator()(gzFile_s* file) const { gzclose(file); }
};

/** Reads exactly `size` bytes; false when the stream ends first (or is not valid gzip). */
bool
ReadExactly(gzFile file, void* buffer, std::size_t size)
{
    auto* out = static_cast<char*>(buffer);
    while (size > 0)
    {
        const unsigned chunk = unsigned(std::min<std::size_t>(size, 1U << 30));
        const int got = gzread(file, out, chunk);
        if (got <= 0)
        {
            return false;
        }
        out += got;
        size -= std::size_t(got);
    }
    return true;
}

/** The largest data part accepted: 2 GiB, far above any MNIST-format file. */
constexpr std::uint64_t kMaxBytes = std::uint64_t(1) << 31;

std::uint32_t
BigEndian32(const unsigned char* b)
{
    return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8)
           | std::uint32_t(b[3]);
}

} // namespace

namespace
{

using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

GzFile
OpenIdx(const std::string& path)
{
    // A folder or a device (a pipe would block, /dev/zero never ends) is refused by name.
    struct stat info;
    if (stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
    {
        throw Error(
            path + (S_ISDIR(info.st_mode) ? ": is a folder, not a file" : ": not a regular file"));
    }
    // gzopen reads plain files transparently, so unpacked IDX files work too.
    GzFile file(gzopen(path.c_str(), "rb"));
    if (!file)
    {
        throw Error(path + ": cannot open (" + std::strerror(errno) + ")");
    }
    return file;
}

std::string
DimsText(int minDims, int maxDims)
{
    return minDims == maxDims ? std::to_string(minDims)
                              : std::to_string(minDims) + " or " + std::to_string(maxDims);
}

/** Reads the magic and the sizes; the number of dimensions must lie in [minDims, maxDims]. */
std::vector<std::uint32_t>
ReadHeader(gzFile file, const std::string& path, int minDims, int maxDims, std::uint64_t& total)
{
    unsigned char magic[4];
    if (!ReadExactly(file, magic, 4))
    {
        throw Error(path + ": truncated IDX file (no header)");
    }
    // Magic: two zero bytes, a type code (0x08 = unsigned byte) and the number of dimensions.
    if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] < minDims
        || magic[3] > maxDims)
    {
        char found[16];
        std::snprintf(found, sizeof found, "0x%02x%02x%02x%02x", magic[0], magic[1], magic[2],
                      magic[3]);
        std::string expected;
        for (int d = minDims; d <= maxDims; ++d)
        {
            char code[16];
            std::snprintf(code, sizeof code, "0x000008%02x", d);
            expected += (expected.empty() ? "" : " or ") + std::string(code);
        }
        throw Error(path + ": bad IDX magic " + found + " (expected " + expected
                    + ", unsigned bytes in " + DimsText(minDims, maxDims) + " dimensions)");
    }
    std::vector<std::uint32_t> dims;
    total = 1;
    for (int d = 0; d < magic[3]; ++d)
    {
        unsigned char size[4];
        if (!ReadExactly(file, size, 4))
        {
            throw Error(path + ": truncated IDX file (incomplete header)");
        }
        dims.push_back(BigEndian32(size));
        // Each factor is < 2^32 and the running total is capped at kMaxBytes < 2^32, so the
        // product cannot overflow 64 bits.
        total *= dims.back();
        if (dims.back() == 0 || total > kMaxBytes)
        {
            throw Error(path + ": IDX header declares an implausible size");
        }
    }
    return dims;
}

} // namespace

IdxArray
ReadIdxFile(const std::string& path, int expectedDims)
{
    return ReadIdxFile(path, expectedDims, expectedDims);
}

IdxArray
ReadIdxFile(const std::string& path, int minDims, int maxDims)
{
    GzFile file = OpenIdx(path);
    IdxArray array;
    std::uint64_t total = 0;
    array.dims = ReadHeader(file.get(), path, minDims, maxDims, total);
    // Grow the buffer as data arrives: a corrupt header alone cannot make us allocate gigabytes.
    constexpr std::size_t kChunk = std::size_t(1) << 24;
    while (array.data.size() < total)
    {
        const std::size_t have = array.data.size();
        const std::size_t want = std::min<std::size_t>(kChunk, std::size_t(total) - have);
        array.data.resize(have + want);
        if (!ReadExactly(file.get(), array.data.data() + have, want))
        {
            throw Error(path + ": truncated IDX file (header declares " + std::to_string(total)
                        + " bytes of data)");
        }
    }
    return array;
}

std::vector<std::uint32_t>
ReadIdxHeader(const std::string& path, int minDims, int maxDims)
{
    GzFile file = OpenIdx(path);
    std::uint64_t total = 0;
    return ReadHeader(file.get(), path, minDims, maxDims, total);
}

} // namespace eesim
