#ifndef EESIM_NN_IDX_FILE_H
#define EESIM_NN_IDX_FILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

/** The contents of an IDX file of unsigned bytes (the MNIST / Fashion-MNIST format). */
struct IdxArray
{
    std::vector<std::uint32_t> dims; // e.g. {60000, 28, 28} for images, {60000} for labels
    std::vector<std::uint8_t> data;
};

/**
 * Reads an IDX file, gzip-compressed or plain, and checks it holds unsigned bytes with the
 * expected number of dimensions. Throws eesim::Error("PATH: problem") when the file is missing,
 * has a bad magic number, or is truncated.
 */
IdxArray ReadIdxFile(const std::string& path, int expectedDims);
/** The same for a file of `minDims` to `maxDims` dimensions (images: [N, H, W] or [N, C, H, W]). */
IdxArray ReadIdxFile(const std::string& path, int minDims, int maxDims);
/** The dimensions only, from the header at the file's start: cheap enough for `validate`. */
std::vector<std::uint32_t> ReadIdxHeader(const std::string& path, int minDims, int maxDims);

} // namespace eesim

#endif
