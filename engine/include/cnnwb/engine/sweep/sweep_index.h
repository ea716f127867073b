#pragma once

#include "cnnwb/engine/sweep/sweep_spec.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

enum class TrialStatus {
    Pending,      ///< not started
    Running,      ///< training now
    Waiting,      ///< reached a rung; waits for the others to be ranked with them
    Finished,     ///< trained all its epochs
    EarlyStopped, ///< its own early stopping (no better test accuracy for a while)
    Halved,       ///< stopped by successive halving at a rung (reason says where and why)
    Failed,       ///< the run failed (reason says why), e.g. it diverged
    Interrupted,  ///< the sweep was stopped while it trained; it continues when the sweep resumes
};
[[nodiscard]] std::string_view trialStatusName(TrialStatus status) noexcept; ///< "pending", "running", …
bool parseTrialStatus(std::string_view name, TrialStatus& status) noexcept;
/// Finished, early-stopped, halved or failed: the sweep has nothing more to do with it.
[[nodiscard]] bool isSettled(TrialStatus status) noexcept;

/// A trial as the sweep's index records it.
struct TrialRecord {
    int index = 0;                   ///< 0-based; the trial's folder is trial-<index + 1, 3 digits>
    std::string name;                ///< "trial-001"
    std::vector<std::string> values; ///< JSON text, in the sweep's parameters' order
    TrialStatus status = TrialStatus::Pending;
    std::string reason; ///< why it stopped (halved, failed), in English, else empty
    /// Halved: where and how it ranked (for a window to say it in its own language).
    struct Halving {
        int epoch = 0;  ///< the rung
        int rank = 0;   ///< 1 = best
        int ranked = 0; ///< trials ranked there
        int kept = 0;   ///< how many of them went on
    } halving;
    int epochs = 0; ///< the epochs it would train in full
    int epochsDone = 0;
    double bestTestAccuracy = 0.0; ///< 0..1
    int bestEpoch = 0;
    double lastTestAccuracy = 0.0;
    double lastTestLoss = 0.0;
    double seconds = 0.0; ///< training time so far, evaluation included
    /// Per epoch, 1 first: test accuracy, test loss, train loss (the learning curves).
    std::vector<double> testAccuracy;
    std::vector<double> testLoss;
    std::vector<double> trainLoss;
};

/// A sweep's state: its settings and every trial; index.json and index.csv in its folder.
struct SweepIndex {
    static constexpr int kVersion = 1;

    std::filesystem::path folder;
    std::vector<std::string> keys;  ///< the swept settings, in order
    std::vector<SweepScale> scales; ///< per key: log where its values were given as a log range
    SweepMethod method = SweepMethod::Grid;
    bool halving = false;
    std::vector<int> rungs;
    bool running = false;  ///< the sweep was running when this was written
    bool complete = false; ///< every trial settled
    std::vector<TrialRecord> trials;

    /// How many trials have this status.
    [[nodiscard]] int count(TrialStatus status) const;
    /// The trial with the best best-test-accuracy, or -1 when none has finished an epoch.
    [[nodiscard]] int bestTrial() const;
};

[[nodiscard]] std::string sweepIndexToJson(const SweepIndex& index);
/// One row per trial: its values, status, reason, epochs, best and last test accuracy, time.
[[nodiscard]] std::string sweepIndexToCsv(const SweepIndex& index);
/// Reads `folder`/index.json; throws Error(Io) when there is none, Error(InvalidData) when damaged.
[[nodiscard]] SweepIndex loadSweepIndex(const std::filesystem::path& folder);
/// Writes index.json and index.csv into the index's folder, atomically. Throws Error(Io).
void saveSweepIndex(const SweepIndex& index);

/// How much each swept setting mattered to the trials' best test accuracy, 0..1 (docs/sweeps.md):
/// for a setting with numbers, |Spearman's rank correlation| between its values and the accuracy;
/// for one with names or switches, the correlation ratio η (the share of the accuracy's spread that
/// the groups of equal values explain, square-rooted). Over the trials that finished an epoch;
/// 0 with fewer than three of them or when the setting takes one value.
struct SettingImportance {
    std::string key;
    double importance = 0.0;
    bool rankCorrelation = true;    ///< false: the correlation ratio
    double signedCorrelation = 0.0; ///< Spearman's rho with its sign (numbers only): + means higher is better
};
[[nodiscard]] std::vector<SettingImportance> settingImportance(const SweepIndex& index);

} // namespace cnnwb::engine
