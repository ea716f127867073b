#pragma once

#include <spdlog/logger.h>

#include <memory>

namespace cnnwb::engine {

/// The engine's named logger ("engine"). Sinks are configured only by each program's main;
/// before that, this falls back to spdlog's default logger.
[[nodiscard]] std::shared_ptr<spdlog::logger> logger();

/// The name main must register the engine logger under.
inline constexpr const char* kLoggerName = "engine";

} // namespace cnnwb::engine
