#include "cli/commands/command-options.h"

#include "base/error.h"
#include "base/json-text.h"

#include <iostream>

namespace po = boost::program_options;

namespace eesim
{

std::string
OptionNumber(double value)
{
    return FormatNumber(value);
}

bool
ParseCommandOptions(const std::string& command, const std::string& synopsis,
                    const std::vector<std::string>& args, po::options_description& options,
                    const po::positional_options_description& positional, po::variables_map& values)
{
    options.add_options()("help,h", "show this help");
    try
    {
        po::store(po::command_line_parser(args).options(options).positional(positional).run(),
                  values);
        if (values.count("help") != 0U)
        {
            std::cout << "usage: " << synopsis << "\n\n" << options << "\n";
            return false;
        }
        po::notify(values);
    }
    catch (const po::error& e)
    {
        throw Error(command + ": " + e.what() + " (usage: " + synopsis + ")");
    }
    return true;
}

} // namespace eesim
