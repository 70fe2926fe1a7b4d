#ifndef EESIM_CLI_COMMANDS_TRAIN_COMMAND_H
#define EESIM_CLI_COMMANDS_TRAIN_COMMAND_H

#include <string>
#include <vector>

namespace eesim
{

/** `eesim train CONFIG.json [--out MODEL] [--threads N] [--quiet]` */
int RunTrainCommand(const std::vector<std::string>& args);

} // namespace eesim

#endif
