#include "cnnwb/engine/core/version.h"

#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/util/Exception.h>
#include <opencv2/core/version.hpp>
#include <torch/version.h>

#include <dlfcn.h>

#include <filesystem>

namespace cnnwb::engine {
namespace {

// cuDNN and CUDA encode versions as decimal numbers: 91300 = 9.13.0, 13000 = 13.0.
std::string cudnnText(long v)
{
    return std::to_string(v / 10000) + "." + std::to_string(v % 10000 / 100) + "." + std::to_string(v % 100);
}

std::string cudaText(long v)
{
    return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
}

// Which copy of LibTorch the dynamic loader chose: installed programs find it through a launcher
// (packaging/README.md), so where it came from is worth a line in --version.
std::string loadedLibTorchFolder()
{
    Dl_info where{};
    if (dladdr(reinterpret_cast<void*>(&at::detail::getCUDAHooks), &where) == 0 || where.dli_fname == nullptr)
        return {};
    std::error_code ec;
    const std::filesystem::path library = std::filesystem::canonical(where.dli_fname, ec);
    return ec ? std::string() : library.parent_path().string();
}

} // namespace

VersionInfo versionInfo()
{
    VersionInfo info{
        CNNWB_PROJECT_VERSION, TORCH_VERSION, CNNWB_TORCH_CUDA_BUILD, {}, {}, CV_VERSION, CNNWB_GIT_COMMIT};
    // What is loaded, asked of the libraries themselves (they answer without a GPU).
    if (at::detail::getCUDAHooks().hasCUDA() || !info.cuda.empty()) {
        try {
            info.cudaRuntime = cudaText(at::detail::getCUDAHooks().versionCUDART());
        } catch (const c10::Error&) { // a CPU build of LibTorch has no CUDA hooks
        }
        try {
            info.cudnn = cudnnText(at::detail::getCUDAHooks().versionRuntimeCuDNN());
        } catch (const c10::Error&) {
        }
    }
    info.libtorchFolder = loadedLibTorchFolder();
    return info;
}

std::string VersionInfo::librariesText() const
{
    std::string text = "LibTorch " + libtorch;
    if (cuda.empty()) {
        text += " (CPU build)";
    } else {
        text += " (CUDA " + cuda + " build";
        if (!cudaRuntime.empty())
            text += "; runtime " + cudaRuntime;
        if (!cudnn.empty())
            text += ", cuDNN " + cudnn;
        text += ")";
    }
    return text + ", OpenCV " + opencv;
}

std::string VersionInfo::loadedFromText() const
{
    return libtorchFolder.empty() ? std::string() : "LibTorch loaded from " + libtorchFolder;
}

} // namespace cnnwb::engine
