#ifndef EESIM_BASE_ATOMIC_FILE_H
#define EESIM_BASE_ATOMIC_FILE_H

#include <functional>
#include <ostream>
#include <string>

namespace eesim
{

/**
 * Writes a file under a temporary name (PATH.tmp) and renames it into place once complete, so
 * a reader never sees a partial file. On failure the temporary file is removed and
 * eesim::Error("PATH: cannot write WHAT") is thrown (kind: runtime).
 */
void WriteFileAtomically(const std::string& path, const std::string& what,
                         const std::function<void(std::ostream&)>& write);

} // namespace eesim

#endif
