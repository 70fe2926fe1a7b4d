#include "base/atomic-file.h"

#include "base/error.h"

#include <cstdio>
#include <fstream>

namespace eesim
{

void
WriteFileAtomically(const std::string& path, const std::string& what,
                    const std::function<void(std::ostream&)>& write)
{
    const std::string temporary = path + ".tmp";
    bool written = false;
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (out)
        {
            write(out);
            written = static_cast<bool>(out.flush());
        }
    }
    if (!written || std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        std::remove(temporary.c_str());
        throw Error(path + ": cannot write " + what, Error::Kind::kRuntime);
    }
}

} // namespace eesim
