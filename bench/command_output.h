#pragma once

// For the benchmarks that run a Python reference beside the engine.

#include <cstdio>
#include <string>

namespace cnnwb::bench {

/// What `command` (run by the shell) writes on stdout; empty when it cannot be started.
inline std::string commandOutput(const std::string& command)
{
    std::string output;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
            output += buffer;
        ::pclose(pipe);
    }
    return output;
}

} // namespace cnnwb::bench
