// libFuzzer target for the ONNX importer (`eesim model import`): the protobuf parser, the
// conversion of tensors and attributes, the cutting of the graph at its exits and the
// translation of its nodes; every model it accepts is used (TryOnnxImport in fuzz-harness.h).
#include "tests/fuzz/fuzz-harness.h"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const eesim::fuzz::ScratchFolder scratch("eesim-fuzz-onnx");
    (void)eesim::fuzz::TryOnnxImport(scratch,
                                     std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
