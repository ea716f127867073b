// cnnwb reproduce: a run again from its folder's manifest.json, compared epoch by epoch with the
// original's (from its last.ckpt).

#include "commands.h"
#include "console_observer.h"
#include "exit_codes.h"
#include "interrupt.h"

#include "cnnwb/engine.h"

#include <CLI/App.hpp>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cnnwb::app {
namespace {

void noteVersionChanges(const engine::VersionInfo& then)
{
    const engine::VersionInfo now = engine::versionInfo();
    const std::pair<const char*, std::pair<std::string, std::string>> versions[]
        = {{"CNN Workbench", {then.project + " " + then.gitCommit, now.project + " " + now.gitCommit}},
            {"LibTorch", {then.libtorch, now.libtorch}}, {"cuDNN", {then.cudnn, now.cudnn}},
            {"OpenCV", {then.opencv, now.opencv}}};
    for (const auto& [what, pair] : versions)
        if (pair.first != pair.second)
            std::printf("note: %s was %s, now %s\n", what, pair.first.c_str(), pair.second.c_str());
}

// Prints both runs' epochs side by side with the largest difference.
void compareEpochs(const std::filesystem::path& runDir, const std::vector<engine::EpochMetrics>& now)
{
    std::vector<engine::EpochMetrics> original;
    if (std::filesystem::exists(runDir / "last.ckpt"))
        original = engine::Checkpoint::load(runDir / "last.ckpt").info().history;
    if (original.empty()) {
        std::printf("the original run left no checkpoint to compare with\n");
        return;
    }
    std::printf("\n%-7s %-24s %-24s\n", "epoch", "test accuracy then/now", "train loss then/now");
    double largest = 0.0;
    for (std::size_t i = 0; i < original.size() && i < now.size(); ++i) {
        const engine::EpochMetrics& a = original[i];
        const engine::EpochMetrics& b = now[i];
        std::printf("%-7d %6.2f %% / %6.2f %%      %.6f / %.6f\n", a.epoch, 100.0 * a.testAccuracy,
            100.0 * b.testAccuracy, a.trainLoss, b.trainLoss);
        largest = std::max({largest, std::abs(a.trainLoss - b.trainLoss), std::abs(a.testLoss - b.testLoss),
            std::abs(a.testAccuracy - b.testAccuracy)});
    }
    if (largest == 0.0)
        std::printf("identical: every compared loss and accuracy matches bit for bit\n");
    else
        std::printf("differs by up to %.3g (expected across devices, library versions or GPU runs)\n", largest);
}

class ReproduceCommand : public Command {
public:
    [[nodiscard]] std::string name() const override { return "reproduce"; }
    [[nodiscard]] std::string description() const override
    {
        return "Run a training again from its folder's manifest.json and compare the results";
    }

    void addOptions(CLI::App& app) override
    {
        app.add_option("RUN_DIR", m_runDir, "The run's folder (it holds manifest.json)")->required();
        app.add_option("--out", m_outDir, "Where the new run goes (default: RUN_DIR-reproduced)");
        app.add_option("--data", m_data, "The dataset, if it has moved (its checksum must match)");
        app.add_option("--device", m_device, "Another device than the original's");
    }

    int run() override
    {
        catchInterrupts();
        const std::filesystem::path runDir = m_runDir;
        const engine::RunManifest manifest = engine::loadRunManifest(runDir / "manifest.json");
        noteVersionChanges(manifest.versions);
        const engine::TrainConfig config = configOf(manifest);
        const std::filesystem::path dataFolder
            = m_data.empty() ? manifest.experiment.dataFolder : std::filesystem::path(m_data);
        const engine::Dataset dataset = engine::Dataset::load(dataFolder, manifest.experiment.data);
        const engine::DatasetIdentity identity = engine::identifyDataset(dataset);
        if (identity.fingerprint != manifest.dataset.fingerprint)
            throw engine::Error(engine::ErrorCode::InvalidArgument,
                "the data differs from the run's: " + identity.describe() + " [" + identity.fingerprint
                    + "] instead of " + manifest.dataset.describe() + " [" + manifest.dataset.fingerprint
                    + "]; pass the original with --data",
                {dataFolder.string()});
        std::printf("reproducing %s: %s on %s, %d epoch(s), seed %llu, into %s\n", runDir.c_str(),
            manifest.experiment.model.name.c_str(), manifest.dataset.describe().c_str(), config.epochs,
            static_cast<unsigned long long>(config.seed), config.outDir.c_str());

        ConsoleObserver observer(::isatty(STDOUT_FILENO) == 1);
        engine::TrainingControl control;
        observer.setControl(&control);
        engine::Trainer trainer(config, manifest.experiment.model);
        trainer.setEnvironment({{"front_end", "cnnwb reproduce"}, {"reproduces", runDir.string()}});
        const engine::RunResult result = trainer.run(dataset, &observer, &control);
        compareEpochs(runDir, result.epochs);
        return result.stopped ? kExitInterrupted : 0;
    }

private:
    // The run's settings, in one process, on this machine's device unless told otherwise.
    [[nodiscard]] engine::TrainConfig configOf(const engine::RunManifest& manifest) const
    {
        engine::TrainConfig config = manifest.experiment.training;
        config.threads = manifest.cpuThreads; // on the CPU, results depend on the thread count
        if (manifest.worldSize > 1) {
            config.batchSize *= manifest.worldSize;
            std::printf("note: the run trained data-parallel on %d processes (%s); reproducing it in one process "
                        "with its global batch of %d\n",
                manifest.worldSize, manifest.distributedBackend.c_str(), config.batchSize);
        }
        config.device = m_device.empty() ? manifest.device : m_device;
        config.outDir = m_outDir.empty() ? m_runDir + "-reproduced" : m_outDir;
        return config;
    }

    std::string m_runDir;
    std::string m_outDir;
    std::string m_data;
    std::string m_device;
};

} // namespace

std::unique_ptr<Command> makeReproduceCommand()
{
    return std::make_unique<ReproduceCommand>();
}

} // namespace cnnwb::app
