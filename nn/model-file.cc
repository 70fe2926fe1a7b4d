#include "nn/model-file.h"

#include "base/atomic-file.h"
#include "base/crc32.h"
#include "base/error.h"
#include "base/input-file.h"
#include "nn/layer-factory.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <vector>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the model file is little-endian; this build assumes a little-endian host");

namespace eesim
{

namespace
{

constexpr char kMagic[8] = { 'E', 'E', 'S', 'I', 'M', 'M', 'E', 'M' };

template <typename T>
void
Append(std::vector<char>& bytes, const T& value)
{
    const char* p = reinterpret_cast<const char*>(&value);
    bytes.insert(bytes.end(), p, p + sizeof(T));
}

template <typename T>
T
ReadAt(const std::vector<char>& bytes, std::size_t offset)
{
    T value;
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
}

/** The largest model file eesim reads (1 GiB): the shipped models are under 1 MB, and a file
 *  holds float32 weights that are all loaded into memory. */
constexpr std::uintmax_t kMaxModelFileBytes = std::uintmax_t(1) << 30;

/** The whole file, refusing a folder, a device (/dev/zero would never end) or an absurd size. */
std::vector<char>
ReadWholeFile(const std::string& path)
{
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
    {
        throw Error(path + ": cannot open model file (" + std::strerror(errno) + ")");
    }
    const std::string bytes = ReadInputFile(path, kMaxModelFileBytes, "model file");
    return std::vector<char>(bytes.begin(), bytes.end());
}

/** Values the architecture's layers store; throws as soon as the total passes `limit`. */
std::uint64_t
CountStoredValues(const Architecture& architecture, std::uint64_t limit)
{
    std::uint64_t total = 0;
    for (const auto& segment : architecture.segments)
    {
        for (const auto* list : segment.Lists())
        {
            for (const LayerSpec& layer : *list)
            {
                total += StoredValueCount(layer, limit);
                if (total > limit)
                {
                    throw Error("the architecture needs more values than the file holds");
                }
            }
        }
    }
    return total;
}

constexpr std::size_t kFixedHeader = 16; // magic, version, header length
constexpr std::size_t kTrailer = 4;      // CRC-32

} // namespace

namespace
{

/** The layer types and attributes of format version 1; anything else needs version 2. */
bool
InFirstFormat(const LayerSpec& layer)
{
    static const std::map<std::string, std::set<std::string>> kFirstFormat
        = { { "conv2d", { "in_channels", "out_channels", "kernel", "stride", "padding" } },
            { "batch_norm", { "channels", "epsilon", "momentum" } },
            { "linear", { "in_features", "out_features" } },
            { "max_pool", { "kernel", "stride" } },
            { "relu", {} },
            { "flatten", {} },
            { "power_normalize", {} } };
    const auto known = kFirstFormat.find(layer.type);
    if (known == kFirstFormat.end() || !layer.inputs.empty())
    {
        return false;
    }
    return std::all_of(layer.attributes.begin(), layer.attributes.end(),
                       [&](const auto& attribute)
                       { return known->second.count(attribute.first) != 0; });
}

} // namespace

std::uint32_t
ModelFile::VersionFor(const Architecture& architecture)
{
    // A reader of the first format would not know the `preprocess` line and feed the model
    // pixel / 255: such a model must not look readable to it.
    if (!architecture.preprocessing.IsDefault())
    {
        return 2;
    }
    for (const auto& segment : architecture.segments)
    {
        for (const auto* list : segment.Lists())
        {
            for (const LayerSpec& layer : *list)
            {
                if (!InFirstFormat(layer))
                {
                    return 2;
                }
            }
        }
    }
    return 1;
}

void
ModelFile::Save(MultiExitModel& model, const std::string& path)
{
    const Architecture architecture = model.GetArchitecture();
    const std::string header = architecture.ToText();
    std::vector<char> bytes(kMagic, kMagic + sizeof kMagic);
    Append(bytes, VersionFor(architecture));
    Append(bytes, std::uint32_t(header.size()));
    bytes.insert(bytes.end(), header.begin(), header.end());
    std::uint64_t count = 0;
    for (const Parameter* p : model.Parameters())
    {
        count += p->value.size();
    }
    Append(bytes, count);
    for (const Parameter* p : model.Parameters())
    {
        const char* data = reinterpret_cast<const char*>(p->value.data());
        bytes.insert(bytes.end(), data, data + 4 * p->value.size());
    }
    Append(bytes, Crc32(bytes.data(), bytes.size()));
    WriteFileAtomically(path, "model file",
                        [&](std::ostream& out)
                        { out.write(bytes.data(), std::streamsize(bytes.size())); });
}

MultiExitModel
ModelFile::Load(const std::string& path)
{
    const std::vector<char> bytes = ReadWholeFile(path);
    auto fail = [&](const std::string& problem) { return Error(path + ": " + problem); };
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    {
        throw fail("not an eesim model file (bad magic)");
    }
    if (bytes.size() < kFixedHeader + 8 + kTrailer)
    {
        throw fail("truncated model file (" + std::to_string(bytes.size()) + " bytes)");
    }
    const auto version = ReadAt<std::uint32_t>(bytes, 8);
    if (version < kOldestVersion || version > kNewestVersion)
    {
        throw fail("unsupported model format version " + std::to_string(version)
                   + " (this eesim reads versions " + std::to_string(kOldestVersion) + " to "
                   + std::to_string(kNewestVersion) + ")");
    }
    const std::size_t headerSize = ReadAt<std::uint32_t>(bytes, 12);
    if (kFixedHeader + headerSize + 8 + kTrailer > bytes.size())
    {
        throw fail("truncated model file (header runs past the end)");
    }
    const auto count = ReadAt<std::uint64_t>(bytes, kFixedHeader + headerSize);
    const std::size_t valuesAt = kFixedHeader + headerSize + 8;
    const std::size_t remaining = bytes.size() - valuesAt - kTrailer;
    if (count > remaining / 4)
    {
        throw fail("truncated model file (expected " + std::to_string(valuesAt + 4 * count + 4)
                   + " bytes, found " + std::to_string(bytes.size()) + ")");
    }
    if (remaining != 4 * count)
    {
        throw fail("unexpected trailing bytes after the model's values");
    }
    const auto stored = ReadAt<std::uint32_t>(bytes, bytes.size() - kTrailer);
    if (Crc32(bytes.data(), bytes.size() - kTrailer) != stored)
    {
        throw fail("checksum mismatch: the file is corrupt");
    }

    MultiExitModel model = [&]
    {
        try
        {
            const std::string header(bytes.data() + kFixedHeader, headerSize);
            const Architecture architecture = Architecture::FromText(header);
            if (VersionFor(architecture) > version)
            {
                throw Error("layer graphs, the later layer types and input preprocessing "
                            "need format version 2, the file says "
                            + std::to_string(version));
            }
            // Check the header's claims against the values present before building anything,
            // so a corrupt header cannot make the loader allocate more than the file holds.
            const std::uint64_t declared = CountStoredValues(architecture, count);
            if (declared != count)
            {
                throw Error("the architecture needs " + std::to_string(declared)
                            + " values, the file has " + std::to_string(count));
            }
            return MultiExitModel::Build(architecture);
        }
        catch (const Error& e)
        {
            throw fail(std::string("bad architecture: ") + e.what());
        }
    }();
    std::size_t offset = valuesAt;
    for (Parameter* p : model.Parameters())
    {
        std::memcpy(p->value.data(), bytes.data() + offset, 4 * p->value.size());
        offset += 4 * p->value.size();
    }
    return model;
}

std::uint32_t
ModelFile::FormatVersion(const std::string& path)
{
    const std::vector<char> bytes = ReadWholeFile(path);
    if (bytes.size() < kFixedHeader)
    {
        throw Error(path + ": truncated model file");
    }
    return ReadAt<std::uint32_t>(bytes, 8);
}

std::string
ModelFile::Checksum(const std::string& path)
{
    const std::vector<char> bytes = ReadWholeFile(path);
    if (bytes.size() < kTrailer)
    {
        throw Error(path + ": truncated model file");
    }
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", ReadAt<std::uint32_t>(bytes, bytes.size() - kTrailer));
    return hex;
}

} // namespace eesim
