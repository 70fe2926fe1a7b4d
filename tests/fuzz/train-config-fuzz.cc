// libFuzzer target for the training-config loader (`eesim train CONFIG.json` before it reads the
// data): every config it accepts is built into its untrained model and, when small, run once.
// Layer sizes that cannot be afforded must be refused from the config, before any allocation.
#include "tests/fuzz/fuzz-harness.h"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const eesim::fuzz::ScratchFolder scratch("eesim-fuzz-train");
    (void)eesim::fuzz::TryTrainConfig(scratch,
                                      std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
