// cnnwb download: CIFAR-10, CIFAR-100 or Fashion-MNIST from their canonical addresses.

#include "commands.h"
#include "download_meter.h"
#include "error_exit.h"
#include "exit_codes.h"
#include "interrupt.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/data/download/dataset_download.h"

#include <CLI/App.hpp>

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace cnnwb::app {
namespace {

class DownloadCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "download"; }
    [[nodiscard]] std::string description() const override
    {
        return "Download CIFAR-10, CIFAR-100 or Fashion-MNIST from their canonical addresses (resumes an interrupted "
               "transfer, checks the MD5) and print the folder to train on";
    }

    void addOptions(CLI::App& app) override
    {
        app.add_option("DATASET", m_id, "cifar10, cifar100 or fashion-mnist")->required();
        app.add_option("--to", m_to, "Folder to put it in (default: the workbench's data folder)");
        app.add_option("--mirror", m_mirror,
               "Fetch the files from this base URL instead of their canonical addresses (same file names)")
            ->group("Advanced");
    }

    int run() override
    {
        std::optional<engine::DownloadSpec> spec = engine::findDownload(m_id);
        if (!spec) {
            std::string ids;
            for (const engine::DownloadSpec& known : engine::downloadCatalog())
                ids += (ids.empty() ? "" : ", ") + known.id;
            return usageError("unknown dataset \"" + m_id + "\" (available: " + ids + ")");
        }
        if (!m_mirror.empty())
            spec = engine::withMirror(std::move(*spec), m_mirror);
        // Without --to, the folder the workbench looks in, so that its default experiment finds the data.
        const std::filesystem::path target = m_to.empty() ? engine::defaultDataDir() : std::filesystem::path(m_to);
        catchInterrupts();
        std::fprintf(stderr, "%s into %s\n", spec->displayName.c_str(), target.c_str());
        DownloadMeter meter(::isatty(STDERR_FILENO) == 1);
        std::filesystem::path folder;
        try {
            folder = engine::downloadDataset(*spec, target, [&](const engine::DownloadProgress& p) {
                meter.update(p);
                return !interrupted();
            });
        } catch (const engine::Error&) {
            meter.finish();
            if (interrupted()) {
                std::cerr << "cnnwb: download stopped; run the same command again to resume it\n";
                return kExitInterrupted;
            }
            throw;
        }
        meter.finish();
        std::fprintf(stderr, "%s is ready; train on it with: cnnwb train --data %s\n", spec->displayName.c_str(),
            folder.c_str());
        // stdout gets the folder alone, so that a script can write DATA=$(cnnwb download cifar10 --to d).
        std::printf("%s\n", folder.c_str());
        return 0;
    }

private:
    std::string m_id;
    std::string m_to;
    std::string m_mirror;
};

} // namespace

std::unique_ptr<Command> makeDownloadCommand()
{
    return std::make_unique<DownloadCommand>();
}

} // namespace cnnwb::app
