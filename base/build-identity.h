#ifndef EESIM_BASE_BUILD_IDENTITY_H
#define EESIM_BASE_BUILD_IDENTITY_H

#include <string>

namespace eesim
{

/**
 * Which build of eesim is running: "crc32:XXXXXXXX", the CRC-32 of the executable's own file
 * (/proc/self/exe), read once. Two builds of one version (a rebuilt simulator) tell apart, so
 * results written by another build are never taken for this one's; "unknown" where the file
 * cannot be read.
 */
const std::string& BuildIdentity();

} // namespace eesim

#endif
