// The eesim executable: everything lives in the libraries; main only hands over the arguments.
#include "cli/command-line.h"

int
main(int argc, char** argv)
{
    return eesim::RunCommandLine(argc, argv);
}
