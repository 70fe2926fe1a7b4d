// libFuzzer target for the scenario loader (LoadScenario: what `eesim validate` and `eesim run`
// do before simulating) and, for every scenario it accepts, the construction of its ns-3
// network (what `run` does next): validate must accept nothing that run cannot build. The input
// is a scenario file, optionally followed by a NUL and `--set` lines (see fuzz-harness.h); the
// seeds (scenario files) have no NUL, so the fuzzer finds the separator and the overrides by
// itself.
#include "tests/fuzz/fuzz-harness.h"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const eesim::fuzz::ScratchFolder scratch("eesim-fuzz-scenario");
    (void)eesim::fuzz::TryScenario(scratch,
                                   std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
