#pragma once

#include "cnnwb/engine/sweep/sweep_index.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// What a trial's run folder says about it: the trainer's own files are the sweep's record, so a
/// sweep that was killed learns from them where each trial stands.
struct TrialFolder {
    bool started = false;       ///< the trainer wrote its manifest
    std::string manifestStatus; ///< running, finished, stopped, early-stopped, failed
    std::string failure;        ///< the manifest's error, when failed
    std::vector<EpochMetrics> epochs;
    bool checkpoint = false; ///< last.ckpt is there to resume from

    /// The trainer ended on its own (not killed): its metrics and checkpoint agree.
    [[nodiscard]] bool clean() const { return started && manifestStatus != "running"; }
};

/// Reads manifest.json and metrics.csv of `folder`; damaged or missing files read as not there.
[[nodiscard]] TrialFolder readTrialFolder(const std::filesystem::path& folder);

/// Copies the folder's epochs into the record: epochs done, best and last accuracy, curves, time.
void takeEpochs(TrialRecord& record, const std::vector<EpochMetrics>& epochs);

/// The last line of a trial's train.log that says what went wrong ("error: ..."), or its last line.
[[nodiscard]] std::string lastError(const std::filesystem::path& logFile);

/// "trial-001" for index 0.
[[nodiscard]] std::string trialName(int index);

} // namespace cnnwb::engine
