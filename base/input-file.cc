#include "base/input-file.h"

#include "base/error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace eesim
{

std::uintmax_t
InputFileSize(const std::string& path)
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
    return size;
}

std::string
ReadInputFile(const std::string& path, std::uintmax_t maxBytes, const std::string& what)
{
    const std::uintmax_t size = InputFileSize(path);
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

std::string
ReadInputFileStart(const std::string& path, std::size_t bytes)
{
    const std::uintmax_t size = InputFileSize(path);
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw Error(path + ": cannot open");
    }
    std::string start(static_cast<std::size_t>(std::min<std::uintmax_t>(size, bytes)), '\0');
    in.read(start.data(), std::streamsize(start.size()));
    start.resize(std::size_t(in.gcount()));
    return start;
}

} // namespace eesim
