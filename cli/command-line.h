#ifndef EESIM_CLI_COMMAND_LINE_H
#define EESIM_CLI_COMMAND_LINE_H

namespace eesim
{

/** Exit codes of the eesim command. */
enum ExitCode
{
    kExitSuccess = 0,
    kExitRuntimeFailure = 1, // something failed while running (e.g. an output not writable)
    kExitBadInput = 2        // bad usage, or an input file that is missing, malformed or corrupt
};

/** The whole `eesim` command: dispatches to a sub-command and turns errors into one-line
 *  messages on stderr and an exit code. */
int RunCommandLine(int argc, char** argv);

} // namespace eesim

#endif
