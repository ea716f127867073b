#pragma once

#include "train/checkpoint_state.h"

#include "cnnwb/engine/records/run_manifest.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// What a run writes into its output folder (docs/checkpoints-and-export.md): manifest.json and
/// experiment.json when it starts, metrics.csv after every epoch, last.ckpt and best.ckpt, model.pth
/// and the manifest's final status at the end. Without a folder it writes nothing. While it runs
/// it holds the folder's lock, so a second run into the same folder is refused, not mixed in.
class RunOutputs {
public:
    /// `continues`: the run resumes a checkpoint, so the folder may hold the run it continues.
    /// `overwrite`: another run in the folder is removed instead of refused.
    RunOutputs(std::filesystem::path folder, bool continues, bool overwrite);
    ~RunOutputs();
    RunOutputs(const RunOutputs&) = delete;
    RunOutputs& operator=(const RunOutputs&) = delete;

    [[nodiscard]] bool enabled() const noexcept { return !m_folder.empty(); }
    /// Creates the folder (Error(Io) when it cannot) and takes its lock (Error(InvalidArgument)
    /// when another process holds it); refuses a folder holding another run unless continuing or
    /// overwriting (Error(InvalidArgument) saying what to do); names the run's files in `result`,
    /// and writes the manifest and the experiment alone, so the run can be opened (File → Open) or
    /// trained again (cnnwb train --experiment) like any other experiment file.
    void start(RunResult& result, RunManifest manifest);
    void saveMetrics(const std::vector<EpochMetrics>& epochs) const;
    /// last.ckpt; best.ckpt too when `best` (named in `result`).
    void saveCheckpoints(const std::shared_ptr<const Checkpoint::State>& state, bool best, RunResult& result) const;
    /// last.ckpt only: where a stopped run continues.
    void saveLast(const std::shared_ptr<const Checkpoint::State>& state) const;
    /// model.pth and the manifest's final status, epochs and best epoch.
    void finish(const RunResult& result, torch::nn::Sequential& model);
    /// The run failed: say so in its manifest (if it got that far), without masking the error.
    void recordFailure(const std::string& message) noexcept;

private:
    // Automatic checkpoints: a failed write is reported and the run goes on; stopping hours of
    // training because a disk filled up would lose more than it protects.
    static void write(const std::shared_ptr<const Checkpoint::State>& state, const std::filesystem::path& file);
    void lock();
    void claimFolder() const;

    std::filesystem::path m_folder;
    bool m_continues;
    bool m_overwrite;
    int m_lock = -1; ///< the folder, locked (flock) while the run writes
    std::optional<RunManifest> m_manifest;
};

} // namespace cnnwb::engine
