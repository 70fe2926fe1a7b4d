// libFuzzer target for the data set readers (.npy, IDX and CIFAR files, what `run`, `validate`,
// `train`, `model eval` and `calibrate` read): every input is read by each of them, and as the
// images of an npy and an idx data set (see TryDataFile in fuzz-harness.h).
#include "tests/fuzz/fuzz-harness.h"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const eesim::fuzz::ScratchFolder scratch("eesim-fuzz-data");
    (void)eesim::fuzz::TryDataFile(scratch, std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
