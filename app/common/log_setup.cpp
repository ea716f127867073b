#include "log_setup.h"

#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/core/paths.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace cnnwb::app {

std::filesystem::path setUpLogging(const LogSetup& setup)
{
    std::vector<spdlog::sink_ptr> sinks = setup.extraSinks;
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(setup.consoleLevel);
    console->set_pattern("%^%l%$: %v");
    sinks.push_back(console);

    std::filesystem::path logFile;
    const std::filesystem::path dir = setup.logDir.empty() ? engine::userDataDir() / "logs" : setup.logDir;
    try {
        std::filesystem::create_directories(dir);
        logFile = dir / (setup.programName + ".log");
        auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(logFile.string(), 5 * 1024 * 1024, 3);
        file->set_level(spdlog::level::debug);
        file->set_pattern("%Y-%m-%d %H:%M:%S.%e [%n] %l: %v");
        sinks.push_back(file);
    } catch (const std::exception& e) {
        console->log(spdlog::details::log_msg(
            "setup", spdlog::level::warn, std::string("cannot open log file in ") + dir.string() + ": " + e.what()));
        logFile.clear();
    }

    spdlog::drop_all();
    for (const char* name : {engine::kLoggerName, setup.programName.c_str()}) {
        auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
        logger->set_level(spdlog::level::debug);
        logger->flush_on(spdlog::level::warn);
        spdlog::register_logger(logger);
    }
    spdlog::set_default_logger(spdlog::get(setup.programName));
    return logFile;
}

} // namespace cnnwb::app
