// libFuzzer target for `--set` options on the shipped scenarios: the input's first byte picks a
// scenario of scenarios/ (by its index in name order), the rest are `--set a.b.c=VALUE` lines
// applied to it in order; each accepted result is built into its ns-3 network as `run` would
// (TrySetOptions in fuzz-harness.h). Mutations thus land on valid scenarios' keys and values,
// which the scenario-loader target, mutating whole files, reaches only rarely.
#include "tests/fuzz/fuzz-harness.h"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const eesim::fuzz::ScratchFolder scratch("eesim-fuzz-set");
    static const std::vector<std::string> scenarios = eesim::fuzz::ShippedScenarios();
    (void)eesim::fuzz::TrySetOptions(scratch, scenarios,
                                     std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
