#include "base/config-path.h"

namespace eesim
{

std::string
FolderOf(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string
ResolveBeside(const std::string& configFile, const std::string& path)
{
    return path.empty() || path[0] == '/' ? path : FolderOf(configFile) + "/" + path;
}

} // namespace eesim
