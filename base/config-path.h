#ifndef EESIM_BASE_CONFIG_PATH_H
#define EESIM_BASE_CONFIG_PATH_H

#include <string>

namespace eesim
{

/** The folder holding `path` ("." for a bare file name). */
std::string FolderOf(const std::string& path);

/** A path written in a config file, as seen from the working directory: relative paths are
 *  taken from the config file's folder, absolute ones stay as they are. */
std::string ResolveBeside(const std::string& configFile, const std::string& path);

} // namespace eesim

#endif
