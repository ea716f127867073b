#pragma once

#include <string>

namespace cnnwb::engine {

// Logging for the engine sources that compile against LibTorch and so must not include spdlog
// (see engine/CMakeLists.txt): they format the message themselves and hand it over here.
void logInfo(const std::string& message);
void logWarning(const std::string& message);

/// printf-style formatting into a std::string, for those sources.
[[nodiscard]] std::string formatText(const char* format, ...) __attribute__((format(printf, 1, 2)));

} // namespace cnnwb::engine
