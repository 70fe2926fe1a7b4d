#include "base/input-file.h"

#include "base/error.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace eesim
{

std::string
ReadInputFile(const std::string& path, std::uintmax_t maxBytes, const std::string& what)
{
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status))
    {
        throw Error(path + ": cannot open");
    }
    if (std::filesystem::is_directory(status))
    {
        throw Error(path + ": is a folder, not a file");
    }
    if (!std::filesystem::is_regular_file(status))
    {
        throw Error(path + ": not a regular file");
    }
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error)
    {
        throw Error(path + ": cannot open");
    }
    if (size > maxBytes)
    {
        throw Error(path + ": " + std::to_string(size) + " bytes, more than the "
                    + std::to_string(maxBytes) + " a " + what + " may have");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw Error(path + ": cannot open");
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), std::streamsize(size));
    bytes.resize(std::size_t(in.gcount()));
    return bytes;
}

} // namespace eesim
