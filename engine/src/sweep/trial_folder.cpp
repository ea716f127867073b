#include "sweep/trial_folder.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/records/run_history.h"
#include "cnnwb/engine/records/run_manifest.h"

#include <array>
#include <cstdio>
#include <fstream>

namespace cnnwb::engine {

TrialFolder readTrialFolder(const std::filesystem::path& folder)
{
    TrialFolder trial;
    std::error_code ec;
    if (std::filesystem::exists(folder / "manifest.json", ec)) {
        try {
            const RunManifest manifest = loadRunManifest(folder / "manifest.json");
            trial.started = true;
            trial.manifestStatus = manifest.status;
            trial.failure = manifest.failure;
        } catch (const Error&) {
            trial.started = true; // a manifest cut short: the trainer was killed while writing it
            trial.manifestStatus = "running";
        }
    }
    if (std::filesystem::exists(folder / "metrics.csv", ec)) {
        try {
            trial.epochs = readMetricsCsv(folder / "metrics.csv");
        } catch (const Error&) {
            trial.epochs.clear();
        }
    }
    trial.checkpoint = std::filesystem::exists(folder / "last.ckpt", ec);
    return trial;
}

void takeEpochs(TrialRecord& record, const std::vector<EpochMetrics>& epochs)
{
    record.epochsDone = static_cast<int>(epochs.size());
    record.testAccuracy.clear();
    record.testLoss.clear();
    record.trainLoss.clear();
    record.bestTestAccuracy = 0.0;
    record.bestEpoch = 0;
    record.seconds = 0.0;
    for (const EpochMetrics& e : epochs) {
        record.testAccuracy.push_back(e.testAccuracy);
        record.testLoss.push_back(e.testLoss);
        record.trainLoss.push_back(e.trainLoss);
        record.seconds += e.seconds;
        if (record.bestEpoch == 0 || e.testAccuracy > record.bestTestAccuracy) {
            record.bestTestAccuracy = e.testAccuracy;
            record.bestEpoch = e.epoch;
        }
    }
    record.lastTestAccuracy = epochs.empty() ? 0.0 : epochs.back().testAccuracy;
    record.lastTestLoss = epochs.empty() ? 0.0 : epochs.back().testLoss;
}

std::string lastError(const std::filesystem::path& logFile)
{
    std::ifstream in(logFile);
    std::string line;
    std::string last;
    std::string error;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        last = line;
        if (line.find("error") != std::string::npos)
            error = line;
    }
    return error.empty() ? last : error;
}

std::string trialName(int index)
{
    std::array<char, 24> name{};
    std::snprintf(name.data(), name.size(), "trial-%03d", index + 1);
    return name.data();
}

} // namespace cnnwb::engine
