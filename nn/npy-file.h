#ifndef EESIM_NN_NPY_FILE_H
#define EESIM_NN_NPY_FILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

/**
 * A NumPy array file (.npy, format versions 1.0 and 2.0): the magic "\x93NUMPY", the version, the
 * header's length and the header, a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (100, 32, 32, 3), }`, then the values in C
 * order. eesim reads the little-endian types a data set needs (`|u1`, `<f4`, `<i4`, `<i8`) and
 * refuses the rest by name.
 */
struct NpyArray
{
    std::string descr; // the dtype, e.g. "<f4"
    std::vector<std::uint64_t> shape;
    /** The whole file (empty after ReadNpyHeader); the values start at `dataOffset`. */
    std::string bytes;
    std::size_t dataOffset = 0;

    /** Bytes per value of `descr`. */
    std::size_t ItemSize() const;
    /** Values the shape declares. */
    std::uint64_t Count() const;
    const char* Data() const { return bytes.data() + dataOffset; }
};

/** The largest .npy file eesim reads (2 GiB, as for IDX files). */
constexpr std::uint64_t kMaxNpyBytes = std::uint64_t(1) << 31;

/**
 * Reads a .npy file whose dtype is one of `dtypes`. Throws eesim::Error("PATH: problem") for a
 * missing file, a bad magic, an unsupported version, a malformed header, another dtype, Fortran
 * order, or a size that is not what the header declares (truncated, or bytes left over).
 */
NpyArray ReadNpyFile(const std::string& path, const std::vector<std::string>& dtypes);
/** The header alone, with the same checks (the size from the file's length): cheap. */
NpyArray ReadNpyHeader(const std::string& path, const std::vector<std::string>& dtypes);

} // namespace eesim

#endif
