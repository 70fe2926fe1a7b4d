// libFuzzer target for the model-file loader (ModelFile::Load, what `eesim model info`, `model
// eval` and every scenario go through), each input loaded as it is and with a correct checksum
// (see TryModelFile in fuzz-harness.h).
#include "tests/fuzz/fuzz-harness.h"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const eesim::fuzz::ScratchFolder scratch("eesim-fuzz-model");
    (void)eesim::fuzz::TryModelFile(scratch,
                                    std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
