#pragma once

#include "cnnwb/engine/core/phrase.h"

namespace cnnwb::engine {

// The engine's log lines, as phrases. Free of spdlog, so that the sources compiled against LibTorch
// can log too (see engine/CMakeLists.txt); each program's main configures the sinks (core/log.h).
void logInfo(const Phrase& phrase);
void logWarning(const Phrase& phrase);
void logError(const Phrase& phrase);

/// The phrase being logged on the calling thread while the logger's sinks write it, or null for a
/// line logged straight through spdlog: a sink that shows lines to people translates it from here.
[[nodiscard]] const Phrase* phraseBeingLogged() noexcept;

} // namespace cnnwb::engine
