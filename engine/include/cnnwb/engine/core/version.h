#pragma once

#include <string>

namespace cnnwb::engine {

/// Versions of what is actually loaded in this process.
struct VersionInfo {
    std::string project; ///< "0.1.0"
    std::string libtorch;
    std::string cuda;        ///< CUDA version LibTorch was built with, empty for CPU builds
    std::string cudaRuntime; ///< the CUDA runtime library loaded, e.g. "13.0"; empty for CPU builds
    std::string cudnn;       ///< the cuDNN library loaded, e.g. "9.13.0"; empty when there is none
    std::string opencv;
    std::string gitCommit;      ///< the commit built from (12 hex digits, "+dirty" when modified); may be empty
    std::string libtorchFolder; ///< the folder libtorch_cpu.so was loaded from; empty if unknown

    /// "LibTorch 2.13.0 (CUDA 13.0 build; runtime 13.0, cuDNN 9.13.0), OpenCV 4.6.0"
    [[nodiscard]] std::string librariesText() const;
    /// "LibTorch loaded from /…/torch/lib"; empty when the folder is unknown. Both programs' --version.
    [[nodiscard]] std::string loadedFromText() const;
};

[[nodiscard]] VersionInfo versionInfo();

} // namespace cnnwb::engine
