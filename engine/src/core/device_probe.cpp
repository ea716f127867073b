#include "cnnwb/engine/core/device_info.h"

#include "cnnwb/engine/core/error.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <dlfcn.h>

#include <charconv>
#include <cstdlib>
#include <string>

namespace cnnwb::engine {
namespace {

// The CUDA driver API is loaded with dlopen, never linked: the same binary runs on machines
// without a driver, and the driver's own error codes tell *why* CUDA is unusable.
using CuResult = int;
constexpr CuResult kCudaSuccess = 0;
constexpr CuResult kCudaErrorInsufficientDriver = 35;
constexpr CuResult kCudaErrorNoDevice = 100;
constexpr CuResult kCudaErrorSystemDriverMismatch = 803;
constexpr CuResult kCudaErrorCompatNotSupported = 804;

struct DriverApi {
    void* handle = nullptr;
    CuResult (*init)(unsigned) = nullptr;
    CuResult (*driverGetVersion)(int*) = nullptr;
    CuResult (*deviceGetCount)(int*) = nullptr;
    CuResult (*deviceGet)(int*, int) = nullptr;
    CuResult (*deviceGetName)(char*, int, int) = nullptr;
    CuResult (*getErrorString)(CuResult, const char**) = nullptr;

    template <typename F> void bind(F& function, const char* name)
    {
        function = reinterpret_cast<F>(dlsym(handle, name));
    }

    bool load()
    {
        handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr)
            return false;
        bind(init, "cuInit");
        bind(driverGetVersion, "cuDriverGetVersion");
        bind(deviceGetCount, "cuDeviceGetCount");
        bind(deviceGet, "cuDeviceGet");
        bind(deviceGetName, "cuDeviceGetName");
        bind(getErrorString, "cuGetErrorString");
        return init && driverGetVersion && deviceGetCount && deviceGet && deviceGetName;
    }

    std::string errorText(CuResult code) const
    {
        const char* text = nullptr;
        if (getErrorString && getErrorString(code, &text) == kCudaSuccess && text)
            return std::string(text) + " (code " + std::to_string(code) + ")";
        return "CUDA driver error " + std::to_string(code);
    }
};

std::string cudaVersionText(int version) // 12040 -> "12.4"
{
    return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

std::string visibleDevicesNote()
{
    const char* visible = std::getenv("CUDA_VISIBLE_DEVICES");
    if (visible == nullptr)
        return {};
    return std::string(" CUDA_VISIBLE_DEVICES is set to \"") + visible + "\", which hides GPUs from this program.";
}

struct Diagnosis {
    std::string summary;
    std::string reason;
};

Diagnosis diagnose(DriverApi& driver, std::vector<std::string>& names)
{
    if (!driver.load())
        return {"no NVIDIA driver found",
            "the NVIDIA driver library libcuda.so.1 cannot be loaded: this machine has no NVIDIA driver, or this "
            "container was started without GPU access (docker run --gpus all, with the NVIDIA Container Toolkit "
            "installed on the host)."};
    const CuResult initResult = driver.init(0);
    int driverVersion = 0;
    driver.driverGetVersion(&driverVersion);
    const std::string driverText
        = driverVersion > 0 ? " The driver supports CUDA " + cudaVersionText(driverVersion) + "." : "";
    switch (initResult) {
    case kCudaSuccess:
        break;
    case kCudaErrorNoDevice:
        return {"the driver sees no GPU",
            "the NVIDIA driver is installed but sees no GPU." + visibleDevicesNote() + driverText};
    case kCudaErrorInsufficientDriver:
    case kCudaErrorCompatNotSupported:
        return {"NVIDIA driver too old",
            "the NVIDIA driver is too old for this program's CUDA " CNNWB_TORCH_CUDA_BUILD "." + driverText
                + " Update the driver on the host."};
    case kCudaErrorSystemDriverMismatch:
        return {"NVIDIA driver version mismatch",
            "the NVIDIA kernel module and the user-space driver library have different versions (typical after a "
            "driver update without a reboot, or a container image that ships its own libcuda)."};
    default:
        return {"NVIDIA driver error",
            "the NVIDIA driver failed to start: " + driver.errorText(initResult) + "." + driverText};
    }
    int count = 0;
    if (driver.deviceGetCount(&count) != kCudaSuccess || count == 0)
        return {"the driver sees no GPU", "the NVIDIA driver reports no usable GPU." + visibleDevicesNote()};
    for (int i = 0; i < count; ++i) {
        int device = 0;
        char name[256] = {};
        if (driver.deviceGet(&device, i) == kCudaSuccess
            && driver.deviceGetName(name, sizeof name, device) == kCudaSuccess)
            names.emplace_back(name);
    }
    return {"LibTorch cannot use the GPU",
        "the driver sees " + std::to_string(count) + " GPU(s), but LibTorch cannot use them." + driverText
            + " This program's LibTorch needs CUDA " CNNWB_TORCH_CUDA_BUILD " support from the driver."};
}

} // namespace

std::string DeviceInfo::defaultDeviceDescription() const
{
    if (cudaAvailable)
        return "CUDA: " + (gpuNames.empty() ? std::string("GPU 0") : gpuNames.front());
    return "CPU (" + std::to_string(cpuThreads) + (cpuThreads == 1 ? " thread)" : " threads)");
}

DeviceInfo probeDevices()
{
    DeviceInfo info;
    info.cpuThreads = at::get_num_threads();
    info.cudaBuild = std::string_view(CNNWB_TORCH_CUDA_BUILD).size() > 0;
    info.cudaAvailable = info.cudaBuild && torch::cuda::is_available();
    if (!info.cudaBuild) {
        info.cudaUnavailableSummary = "CPU-only LibTorch";
        info.cudaUnavailableReason = "this program's LibTorch is a CPU-only build.";
        return info;
    }
    DriverApi driver;
    std::vector<std::string> names;
    Diagnosis diagnosis = diagnose(driver, names);
    info.gpuNames = std::move(names);
    if (!info.cudaAvailable) {
        info.cudaUnavailableSummary = std::move(diagnosis.summary);
        info.cudaUnavailableReason = std::move(diagnosis.reason);
    }
    return info;
}

std::string resolveDevice(const std::string& requested, const DeviceInfo& devices)
{
    if (requested == "cpu")
        return "cpu";
    if (requested == "auto" || requested.empty())
        return devices.cudaAvailable ? "cuda:0" : "cpu";
    unsigned index = 0;
    if (requested != "cuda") {
        const std::string_view prefix = "cuda:";
        const std::string_view text = requested;
        const std::string_view digits = text.starts_with(prefix) ? text.substr(prefix.size()) : std::string_view();
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
            throw Error(
                ErrorCode::InvalidArgument, "unknown device \"" + requested + "\" (use auto, cpu, cuda or cuda:K)");
    }
    if (!devices.cudaAvailable)
        throw Error(ErrorCode::Device, "CUDA is not usable: " + devices.cudaUnavailableReason);
    const auto count = static_cast<int>(torch::cuda::device_count());
    if (index >= static_cast<unsigned>(count))
        throw Error(ErrorCode::Device,
            "there is no GPU cuda:" + std::to_string(index) + " (this machine has " + std::to_string(count)
                + ", numbered from 0)");
    return "cuda:" + std::to_string(index);
}

} // namespace cnnwb::engine
