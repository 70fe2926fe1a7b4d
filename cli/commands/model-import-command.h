#ifndef EESIM_CLI_COMMANDS_MODEL_IMPORT_COMMAND_H
#define EESIM_CLI_COMMANDS_MODEL_IMPORT_COMMAND_H

#include <string>
#include <vector>

namespace eesim
{

/** `eesim model import NET.onnx [--config IMPORT.json] --out MODEL.eem` */
int RunModelImport(const std::vector<std::string>& args);

} // namespace eesim

#endif
