#pragma once

#include <spdlog/common.h>
#include <spdlog/sinks/sink.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cnnwb::app {

/// What a program's main wants from logging.
struct LogSetup {
    std::string programName;      ///< log file is <logDir>/<programName>.log
    std::filesystem::path logDir; ///< empty = the user's data dir (engine::userDataDir()/logs)
    spdlog::level::level_enum consoleLevel = spdlog::level::warn;
    std::vector<spdlog::sink_ptr> extraSinks; ///< e.g. the GUI's log panel
};

/// Configures spdlog once for the process: a rotating file sink, stderr, any extra sinks; registers
/// the named loggers ("engine", the program's own) and makes the program's the default. Returns the
/// log file's path (empty if the file could not be opened; logging then goes to stderr only).
std::filesystem::path setUpLogging(const LogSetup& setup);

} // namespace cnnwb::app
