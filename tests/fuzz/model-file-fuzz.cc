// libFuzzer target for the model-file loader (ModelFile::Load, what `eesim model info`, `model
// eval` and every scenario go through). Bad files must end in eesim::Error; anything else that
// escapes, and every crash, sanitizer report, leak or timeout, is a finding.
//
// The loader only takes a path, so each input is written to a file in a private temporary
// folder. A file whose CRC-32 does not match is refused before its header is read, so random
// mutations would almost never get past the checksum: each input is loaded twice, once as it
// is (the framing and checksum checks) and once with its last four bytes replaced by the right
// CRC-32 (the header parser, the shape checks and the model builder behind them).
#include "base/error.h"
#include "nn/model-file.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace
{

std::string g_folder;
std::string g_file;

void
RemoveFolder()
{
    std::remove(g_file.c_str());
    rmdir(g_folder.c_str());
}

void
WriteFile(const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(g_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!out)
    {
        std::abort(); // the harness itself failed, not the loader
    }
}

/** What a user of a loaded model does with it: model info's figures and, for a model small
 *  enough to run quickly, a forward pass through every exit and bottleneck. */
void
UseModel(eesim::MultiExitModel& model)
{
    std::uint64_t flops = model.FullFlops();
    for (std::size_t k = 0; k < model.SegmentCount(); ++k)
    {
        flops += model.ExitFlops(k);
        (void)model.SegmentFlops(k);
        (void)model.SegmentOutputBytes(k);
        if (model.HasBottleneck(k))
        {
            flops += model.EncoderFlops(k) + model.DecoderFlops(k);
            (void)model.LinkShape(k);
        }
    }
    (void)model.ParameterCount();
    // The round trip the model file relies on: the header a loaded model would write back out
    // must read again.
    (void)eesim::Architecture::FromText(model.GetArchitecture().ToText());
    // Keep each input to milliseconds; a real model is far larger, but shapes are what matter.
    constexpr std::uint64_t kMaxFlops = 20000000;
    if (flops <= kMaxFlops && model.InputShape().Count() <= 100000)
    {
        const eesim::Tensor input(1, model.InputShape(), 0.5F);
        const std::vector<eesim::Tensor> logits = model.ForwardAll(input, eesim::Mode::kInference);
        if (logits.size() != model.SegmentCount())
        {
            std::abort();
        }
    }
}

void
Load(const std::vector<std::uint8_t>& bytes)
{
    WriteFile(bytes);
    try
    {
        eesim::MultiExitModel model = eesim::ModelFile::Load(g_file);
        (void)eesim::ModelFile::Checksum(g_file);
        UseModel(model);
    }
    catch (const eesim::Error&)
    {
        // A refused file: the expected answer to bad input.
    }
}

} // namespace

extern "C" int
LLVMFuzzerInitialize(int*, char***)
{
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern
        = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/eesim-fuzz-model-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr)
    {
        std::abort();
    }
    g_folder = pattern;
    g_file = g_folder + "/input.eem";
    std::atexit(RemoveFolder);
    return 0;
}

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::uint8_t> bytes(data, data + size);
    Load(bytes);
    if (bytes.size() >= 4)
    {
        const std::size_t body = bytes.size() - 4;
        const auto crc = std::uint32_t(crc32(crc32(0L, Z_NULL, 0), bytes.data(), uInt(body)));
        std::memcpy(bytes.data() + body, &crc, 4); // little-endian, as the file stores it
        Load(bytes);
    }
    return 0;
}
