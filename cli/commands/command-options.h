#ifndef EESIM_CLI_COMMANDS_COMMAND_OPTIONS_H
#define EESIM_CLI_COMMANDS_COMMAND_OPTIONS_H

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Parses a sub-command's arguments with Boost.Program_options. Returns false when --help was
 * asked for (the help is then printed); throws eesim::Error with a one-line message on bad usage.
 */
bool ParseCommandOptions(const std::string& command, const std::string& synopsis,
                         const std::vector<std::string>& args,
                         boost::program_options::options_description& options,
                         const boost::program_options::positional_options_description& positional,
                         boost::program_options::variables_map& values);

} // namespace eesim

#endif
