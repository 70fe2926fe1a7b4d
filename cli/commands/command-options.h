#ifndef EESIM_CLI_COMMANDS_COMMAND_OPTIONS_H
#define EESIM_CLI_COMMANDS_COMMAND_OPTIONS_H

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace eesim
{

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
 * no option can make a grid of absurd size or poison a computation.
 */
template <typename T>
boost::program_options::typed_value<T>*
BoundedValue(T* target, const std::string& name, double minimum, double maximum)
{
    return boost::program_options::value(target)->notifier(
        [name, minimum, maximum](const T& value)
        {
            if (!(double(value) >= minimum && double(value) <= maximum))
            {
                throw boost::program_options::error(
                    "--" + name + ": expected a number from " + OptionNumber(minimum) + " to "
                    + OptionNumber(maximum) + ", got " + OptionNumber(double(value)));
            }
        });
}

} // namespace eesim

#endif
