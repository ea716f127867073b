#pragma once

#include <string>

namespace cnnwb::engine {

/// Versions of what is actually loaded in this process.
struct VersionInfo {
    std::string project; ///< "0.1.0"
    std::string libtorch;
    std::string cuda; ///< CUDA version LibTorch was built with, empty for CPU builds
    std::string opencv;
};

[[nodiscard]] VersionInfo versionInfo();

} // namespace cnnwb::engine
