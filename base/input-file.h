#ifndef EESIM_BASE_INPUT_FILE_H
#define EESIM_BASE_INPUT_FILE_H

#include <cstdint>
#include <string>

namespace eesim
{

/**
 * Reads a whole input file of at most `maxBytes`. A path that is not a regular file (a folder,
 * /dev/zero, a pipe) or a file over the limit is refused before anything is read, so no input can
 * make eesim read without end. Throws eesim::Error: "PATH: cannot open", "PATH: is a folder, not a
 * file", "PATH: not a regular file", "PATH: N bytes, more than the M a WHAT may have".
 */
std::string ReadInputFile(const std::string& path, std::uintmax_t maxBytes,
                          const std::string& what);

/** The size of an input file, with ReadInputFile's refusals of what is not a regular file. */
std::uintmax_t InputFileSize(const std::string& path);

/** The first `bytes` bytes of an input file (fewer when it is shorter), with the same refusals:
 *  what a reader of a file's header needs, however large the file. */
std::string ReadInputFileStart(const std::string& path, std::size_t bytes);

} // namespace eesim

#endif
