#pragma once

#include "cnnwb/engine/records/run_manifest.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// One training run found on disk: its folder, manifest and per-epoch metrics (metrics.csv).
struct RunRecord {
    std::filesystem::path folder;
    RunManifest manifest;
    std::vector<EpochMetrics> epochs;
};

/// The runs below `runsDir` (one folder each, with manifest.json), newest first. Folders that are
/// not runs, or whose files are damaged, are skipped.
[[nodiscard]] std::vector<RunRecord> listRuns(const std::filesystem::path& runsDir);

/// Makes a new, empty run folder `runsDir/name` (or `name-2`, `name-3`, … when that exists, also
/// when another process makes one at the same moment) and returns it. Throws Error(Io).
[[nodiscard]] std::filesystem::path createRunFolder(const std::filesystem::path& runsDir, const std::string& name);

/// metrics.csv as the trainer writes it. Throws Error(InvalidData/Io) naming the file.
[[nodiscard]] std::vector<EpochMetrics> readMetricsCsv(const std::filesystem::path& file);

/// A setting whose value is not the same in every experiment, e.g. {"training.learning_rate",
/// {"0.001", "0.01"}}: the keys of the experiment file, flattened with dots.
struct SettingDifference {
    std::string key;
    std::vector<std::string> values; ///< one per experiment, in order; "" where it is missing
};
[[nodiscard]] std::vector<SettingDifference> experimentDifferences(const std::vector<Experiment>& experiments);

} // namespace cnnwb::engine
