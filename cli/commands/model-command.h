#ifndef EESIM_CLI_COMMANDS_MODEL_COMMAND_H
#define EESIM_CLI_COMMANDS_MODEL_COMMAND_H

#include <string>
#include <vector>

namespace eesim
{

/** `eesim model info MODEL` and `eesim model eval MODEL [--split S] [--dump FILE] ...` */
int RunModelCommand(const std::vector<std::string>& args);

} // namespace eesim

#endif
