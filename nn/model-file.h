#ifndef EESIM_NN_MODEL_FILE_H
#define EESIM_NN_MODEL_FILE_H

#include "nn/multi-exit-model.h"

#include <cstdint>
#include <string>

namespace eesim
{

/**
 * The model file (.eem): self-describing, versioned, checksummed.
 *
 *   offset  size  field
 *   0       8     magic "EESIMMEM"
 *   8       4     format version (uint32, little-endian): 1 or 2, see below
 *   12      4     header length H (uint32)
 *   16      H     header: the architecture as UTF-8 text (Architecture::ToText)
 *   16+H    8     value count P (uint64): every parameter and buffer, in model order
 *   24+H    4P    the values, float32 little-endian
 *   24+H+4P 4     CRC-32 (zlib polynomial) of every byte before it
 *
 * Each layer's values follow its spec's order: conv2d weight [out][in][kh][kw] then bias;
 * linear weight [out][in] then bias; batch_norm gamma, beta, running_mean, running_var.
 *
 * Version 1 holds straight layer lists of the first layer types (conv2d, batch_norm, linear,
 * max_pool, relu, flatten, power_normalize) with their first attributes. Version 2 adds layer
 * graphs (`inputs=` on a layer line), every later layer type and attribute (a dilated or grouped
 * conv2d, say) and the `preprocess` line (input preprocessing other than pixel / 255). A file is
 * written in the lowest version that holds it, so models an older eesim can read stay readable by
 * it; both versions are read.
 */
class ModelFile
{
  public:
    static constexpr std::uint32_t kOldestVersion = 1;
    static constexpr std::uint32_t kNewestVersion = 2;

    /** The lowest format version that holds `architecture`. */
    static std::uint32_t VersionFor(const Architecture& architecture);

    /** Writes to a temporary name and renames, so a reader never sees half a file. */
    static void Save(MultiExitModel& model, const std::string& path);
    /** Throws eesim::Error("PATH: problem") for a missing, truncated, corrupt or foreign file. */
    static MultiExitModel Load(const std::string& path);
    /** The format version a model file declares (it is not otherwise checked). */
    static std::uint32_t FormatVersion(const std::string& path);
    /** The stored CRC-32 of a model file, as 8 hex digits: the model's identity in provenance. */
    static std::string Checksum(const std::string& path);
};

} // namespace eesim

#endif
