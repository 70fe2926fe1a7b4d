#include "base/build-identity.h"

#include "base/crc32.h"

#include <cstdio>
#include <fstream>
#include <iterator>

namespace eesim
{

namespace
{

std::string
ReadIdentity()
{
    std::ifstream in("/proc/self/exe", std::ios::binary);
    if (!in)
    {
        return "unknown";
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return "crc32:" + Crc32Hex(bytes);
}

} // namespace

const std::string&
BuildIdentity()
{
    static const std::string identity = ReadIdentity();
    return identity;
}

} // namespace eesim
