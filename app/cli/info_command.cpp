// cnnwb info: versions and which devices can train.

#include "commands.h"
#include "version_text.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/distributed/distributed.h"

#include <cstdio>

namespace cnnwb::app {
namespace {

class InfoCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "info"; }
    [[nodiscard]] std::string description() const override
    {
        return "Print versions and which devices can train, with the reason when CUDA cannot";
    }
    void addOptions(CLI::App& /*app*/) override { }

    int run() override
    {
        std::printf("%s\n", versionText().c_str());
        const engine::DeviceInfo devices = engine::probeDevices();
        std::printf("default device: %s\n", devices.defaultDeviceDescription().c_str());
        for (std::size_t i = 0; i < devices.gpuNames.size(); ++i)
            std::printf("  cuda:%zu  %s\n", i, devices.gpuNames[i].c_str());
        if (!devices.cudaAvailable)
            std::printf("CUDA not usable: %s\n", devices.cudaUnavailableReason.c_str());
        std::string backends;
        for (const std::string& backend : engine::distributedBackends())
            backends += (backends.empty() ? "" : ", ") + backend + (backend == "nccl" ? " (CUDA)" : " (CPU)");
        std::printf("data-parallel training: %s; start it with torchrun or srun (docs/distributed.md)\n",
            backends.empty() ? "not in this build" : backends.c_str());
        return 0;
    }
};

} // namespace

std::unique_ptr<Command> makeInfoCommand()
{
    return std::make_unique<InfoCommand>();
}

} // namespace cnnwb::app
