#ifndef EESIM_CLI_COMMANDS_MODEL_EXPORT_COMMAND_H
#define EESIM_CLI_COMMANDS_MODEL_EXPORT_COMMAND_H

#include <string>
#include <vector>

namespace eesim
{

/** `eesim model export MODEL --onnx OUT.onnx` */
int RunModelExport(const std::vector<std::string>& args);

} // namespace eesim

#endif
