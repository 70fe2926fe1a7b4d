#ifndef EESIM_TESTS_CLI_CLI_SUPPORT_H
#define EESIM_TESTS_CLI_CLI_SUPPORT_H

// Running the eesim executable as a process, for the CLI tests.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>

namespace eesim::test
{

struct Result
{
    int exitCode;
    std::string output; // stdout and stderr together
};

/** Runs a shell command line, stdout and stderr together. */
inline Result
RunShell(const std::string& command)
{
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[4096];
    std::size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    {
        output.append(buffer, got);
    }
    const int status = pclose(pipe);
    return { WIFEXITED(status) ? WEXITSTATUS(status) : -1, output };
}

/** Runs `eesim ARGUMENTS` through the shell (so arguments may be quoted). */
inline Result
Run(const std::string& arguments)
{
    return RunShell(std::string(EESIM_BINARY) + " " + arguments);
}

/** As Run, killed after `seconds` (exit code 124 then). */
inline Result
RunWithin(int seconds, const std::string& arguments)
{
    return RunShell("timeout " + std::to_string(seconds) + " " + std::string(EESIM_BINARY) + " "
                    + arguments);
}

inline bool
Exists(const std::string& path)
{
    struct stat info;
    return stat(path.c_str(), &info) == 0;
}

inline std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/** A one-line error: starts with "eesim: ", contains `text`, ends with its only newline. */
inline void
CheckOneLineError(const Result& result, const std::string& text)
{
    INFO(result.output);
    CHECK(result.exitCode != 0);
    CHECK(result.output.rfind("eesim: ", 0) == 0);
    CHECK(result.output.find(text) != std::string::npos);
    CHECK(std::count(result.output.begin(), result.output.end(), '\n') == 1);
}

} // namespace eesim::test

#endif
