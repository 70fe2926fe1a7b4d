#ifndef EESIM_CLI_COMMANDS_RUN_COMMAND_H
#define EESIM_CLI_COMMANDS_RUN_COMMAND_H

#include <string>
#include <vector>

namespace eesim
{

/** `eesim run SCENARIO.json [--out DIR] [--seed N] [--set a.b=VALUE ...] [--quiet]` */
int RunRunCommand(const std::vector<std::string>& args);

/** `eesim validate SCENARIO.json [--set a.b=VALUE ...]`, `eesim validate --list-keys` and
 *  `eesim validate --schema` */
int RunValidateCommand(const std::vector<std::string>& args);

} // namespace eesim

#endif
