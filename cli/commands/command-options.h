#ifndef EESIM_CLI_COMMANDS_COMMAND_OPTIONS_H
#define EESIM_CLI_COMMANDS_COMMAND_OPTIONS_H

#include <boost/program_options.hpp>
#include <string>
#include <type_traits>
#include <vector>

namespace eesim
{

/**
 * Refuses an output path that names one of the command's inputs (the same file by any path: a
 * symbolic link, "./x" or "../dir/x"), before anything is computed, so no command overwrites what
 * it reads: "COMMAND: OUTPUT is the input WHAT; choose another output".
 */
void RequireOutputNotAnInput(const std::string& command, const std::string& output,
                             const std::vector<std::pair<std::string, std::string>>& inputs);

/** A number as option messages write it (integers without a decimal point). */
std::string OptionNumber(double value);

/**
 * Parses a sub-command's arguments with Boost.Program_options. Returns false when --help was
 * asked for (the help is then printed); throws eesim::Error with a one-line message on bad usage.
 */
bool ParseCommandOptions(const std::string& command, const std::string& synopsis,
                         const std::vector<std::string>& args,
                         boost::program_options::options_description& options,
                         const boost::program_options::positional_options_description& positional,
                         boost::program_options::variables_map& values);

/**
 * A numeric option's value that must lie in [minimum, maximum]: NaN, infinities and values out of
 * range are refused at parsing with "--NAME: expected a number from MIN to MAX, got VALUE", so
 * no option can make a grid of absurd size or poison a computation. An integer option is read as
 * a signed 64-bit number first, so "-1" for an unsigned one is refused as -1 instead of wrapping
 * around to 18446744073709551615.
 */
template <typename T>
auto
BoundedValue(T* target, const std::string& name, double minimum, double maximum)
{
    using Read = std::conditional_t<std::is_integral_v<T>, long long, T>;
    return boost::program_options::value<Read>()->notifier(
        [target, name, minimum, maximum](const Read& value)
        {
            if (!(double(value) >= minimum && double(value) <= maximum))
            {
                throw boost::program_options::error(
                    "--" + name + ": expected a number from " + OptionNumber(minimum) + " to "
                    + OptionNumber(maximum) + ", got " + OptionNumber(double(value)));
            }
            *target = T(value);
        });
}

} // namespace eesim

#endif
