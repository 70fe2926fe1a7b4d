#include "nn/cifar-file.h"

#include "base/error.h"
#include "base/input-file.h"

#include <algorithm>

namespace eesim
{

namespace
{

void
CheckSize(const std::string& path, std::uint64_t size, int labelBytes)
{
    const std::uint64_t record = std::uint64_t(labelBytes) + CifarRecords::kImageBytes;
    if (size == 0)
    {
        throw Error(path + ": empty CIFAR batch file");
    }
    if (size > kMaxCifarBytes)
    {
        throw Error(path + ": " + std::to_string(size) + " bytes, more than the "
                    + std::to_string(kMaxCifarBytes) + " a CIFAR batch file may have");
    }
    if (size % record != 0)
    {
        throw Error(path + ": " + std::to_string(size) + " bytes, not a whole number of "
                    + std::to_string(record) + "-byte records (" + std::to_string(labelBytes)
                    + " label byte" + (labelBytes == 1 ? "" : "s")
                    + " and 3072 pixel bytes each): truncated, or not a CIFAR-"
                    + (labelBytes == 1 ? "10" : "100") + " batch");
    }
}

} // namespace

CifarRecords
ReadCifarFile(const std::string& path, int labelBytes, int classes)
{
    const std::string bytes = ReadInputFile(path, kMaxCifarBytes, "CIFAR batch file");
    CheckSize(path, bytes.size(), labelBytes);
    const std::size_t record = std::size_t(labelBytes) + CifarRecords::kImageBytes;
    const std::size_t count = bytes.size() / record;
    CifarRecords records;
    records.pixels.resize(count * CifarRecords::kImageBytes);
    records.labels.resize(count);
    for (std::size_t r = 0; r < count; ++r)
    {
        const char* at = bytes.data() + r * record;
        const int label = static_cast<unsigned char>(at[labelBytes - 1]);
        if (label >= classes)
        {
            throw Error(path + ": record " + std::to_string(r) + " has label "
                        + std::to_string(label) + ", out of range 0-"
                        + std::to_string(classes - 1));
        }
        records.labels[r] = label;
        // The planes are already channel by channel (C x H x W), as eesim stores samples.
        std::copy(at + labelBytes, at + record,
                  reinterpret_cast<char*>(records.pixels.data()) + r * CifarRecords::kImageBytes);
    }
    return records;
}

std::uint64_t
CountCifarRecords(const std::string& path, int labelBytes)
{
    const std::uint64_t size = InputFileSize(path);
    CheckSize(path, size, labelBytes);
    return size / (std::uint64_t(labelBytes) + CifarRecords::kImageBytes);
}

} // namespace eesim
