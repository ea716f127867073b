#pragma once

#include <string>
#include <vector>

namespace cnnwb::engine {

/// Which compute devices this process can use, and why CUDA cannot when it cannot.
struct DeviceInfo {
    bool cudaBuild = false;     ///< LibTorch was built with CUDA
    bool cudaAvailable = false; ///< torch::cuda::is_available()
    std::vector<std::string> gpuNames;
    std::string cudaUnavailableReason;  ///< plain-words diagnosis with what to do, when !cudaAvailable
    std::string cudaUnavailableSummary; ///< the same in a few words, for a status bar
    int cpuThreads = 0;                 ///< LibTorch intra-op threads

    /// "CUDA: NVIDIA H100 80GB HBM3" or "CPU (2 threads)".
    [[nodiscard]] std::string defaultDeviceDescription() const;
};

/// Asks LibTorch and the NVIDIA driver (loaded at run time, never linked) what is usable.
[[nodiscard]] DeviceInfo probeDevices();

/// Checks a device string ("auto", "cpu", "cuda", "cuda:K") and resolves "auto";
/// returns the canonical form ("cpu", "cuda:0"). Throws Error(InvalidArgument or Device).
[[nodiscard]] std::string resolveDevice(const std::string& requested, const DeviceInfo& devices);

} // namespace cnnwb::engine
