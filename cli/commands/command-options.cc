#include "cli/commands/command-options.h"

#include "base/error.h"
#include "base/json-text.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace eesim
{

void
RequireOutputNotAnInput(const std::string& command, const std::string& output,
                        const std::vector<std::pair<std::string, std::string>>& inputs)
{
    namespace fs = std::filesystem;
    std::error_code error;
    for (const auto& [what, input] : inputs)
    {
        const bool same = fs::exists(output, error) ? fs::equivalent(output, input, error)
                                                    : fs::weakly_canonical(output, error)
                                                          == fs::weakly_canonical(input, error);
        if (same && !error)
        {
            throw Error(command + ": " + output + " is the input " + what
                        + "; choose another output");
        }
    }
}

std::string
OptionNumber(double value)
{
    // An integer option's value as typed, however long (FormatNumber shortens from 1e10 on).
    if (value == std::floor(value) && std::abs(value) < 1e18)
    {
        char text[32];
        std::snprintf(text, sizeof text, "%.0f", value);
        return text;
    }
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
