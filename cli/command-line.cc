#include "cli/command-line.h"

#include "base/build-identity.h"
#include "base/error.h"
#include "cli/commands/calibrate-command.h"
#include "cli/commands/model-command.h"
#include "cli/commands/run-command.h"
#include "cli/commands/train-command.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace eesim
{

namespace
{

const char* const kUsage
    = "usage: eesim COMMAND [ARGS...]\n"
      "\n"
      "commands:\n"
      "  run SCENARIO.json [--out DIR] [--seed N] [--set a.b=VALUE ...] [--quiet] [--force]\n"
      "                                       simulate a scenario; writes a run folder\n"
      "  validate SCENARIO.json | --list-keys | --schema\n"
      "                                       check a scenario, or list every scenario key\n"
      "                                       (Markdown) or print the scenario JSON Schema\n"
      "  train CONFIG.json [--out MODEL]      train a multi-exit model on Fashion-MNIST\n"
      "  model info MODEL                     architecture, parameters, FLOPs and output bytes\n"
      "  model eval MODEL [--split test|val]  per-exit accuracy [--dump FILE writes the logits]\n"
      "  calibrate MODEL [--out FILE]         calibration tables and learned TD for the\n"
      "                                       transmission decisions (validation split)\n"
      "\n"
      "options:\n"
      "  -h, --help      this help (COMMAND --help for a command's options)\n"
      "  --version       print the version\n";

int
Dispatch(const std::string& command, const std::vector<std::string>& args)
{
    if (command == "run")
    {
        return RunRunCommand(args);
    }
    if (command == "validate")
    {
        return RunValidateCommand(args);
    }
    if (command == "train")
    {
        return RunTrainCommand(args);
    }
    if (command == "model")
    {
        return RunModelCommand(args);
    }
    if (command == "calibrate")
    {
        return RunCalibrateCommand(args);
    }
    if (command == "--help" || command == "-h" || command == "help")
    {
        std::cout << kUsage;
        return kExitSuccess;
    }
    if (command == "--version")
    {
        std::cout << "eesim " << EESIM_VERSION << " (build " << BuildIdentity() << ")\n";
        return kExitSuccess;
    }
    throw Error("unknown command '" + command
                + "' (expected run, validate, train, model or calibrate; see eesim --help)");
}

} // namespace

int
RunCommandLine(int argc, char** argv)
{
    if (argc < 2)
    {
        std::cerr << kUsage;
        return kExitBadInput;
    }
    const std::vector<std::string> args(argv + 2, argv + argc);
    try
    {
        return Dispatch(argv[1], args);
    }
    catch (const Error& e)
    {
        // One problem per line, each with the prefix (a scenario may have several).
        std::string message = e.what();
        std::size_t start = 0;
        while (start <= message.size())
        {
            const std::size_t end = std::min(message.find('\n', start), message.size());
            std::fprintf(stderr, "eesim: %s\n", message.substr(start, end - start).c_str());
            start = end + 1;
        }
        return e.GetKind() == Error::Kind::kRuntime ? kExitRuntimeFailure : kExitBadInput;
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "eesim: internal error: %s\n", e.what());
        return kExitRuntimeFailure;
    }
}

} // namespace eesim
