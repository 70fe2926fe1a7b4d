#ifndef EESIM_CLI_COMMANDS_CALIBRATE_COMMAND_H
#define EESIM_CLI_COMMANDS_CALIBRATE_COMMAND_H

#include <string>
#include <vector>

namespace eesim
{

/** `eesim calibrate MODEL [--out FILE] [--split K] [--snr-min DB] ...` */
int RunCalibrateCommand(const std::vector<std::string>& args);

} // namespace eesim

#endif
