#pragma once

#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/sweep/sweep_index.h"
#include "cnnwb/engine/train/training_control.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// How a sweep runs (not what it trains: that is the experiment and its sweep).
struct SweepRunOptions {
    std::filesystem::path folder;  ///< the sweep's folder: sweep.json, index.json/.csv, a run folder per trial
    std::filesystem::path trainer; ///< the cnnwb executable that trains each trial (`cnnwb train`)
    /// Trials at once; 0 = the sweep's own setting. On the CPU they share the cores evenly (fixed when
    /// the sweep starts, so that a resumed sweep trains as the first start did); on CUDA one per GPU.
    int parallel = 0;
    bool overwrite = false; ///< replace another sweep found in the folder instead of refusing
    /// Only this trial (0-based): one task of a Slurm array job. The trial waits at each rung until
    /// the other trials' tasks have reached it too (they share the folder). -1 = every trial.
    int onlyTrial = -1;
    int pollMilliseconds = 250; ///< how often the trials' folders are read while they train
};

/// Receives a sweep's progress, on the thread that runs SweepRunner::run().
class SweepObserver {
public:
    virtual ~SweepObserver() = default;
    /// The whole index after anything changed: a trial started, finished an epoch, stopped.
    virtual void onIndex(const SweepIndex& /*index*/) { }
    /// A line worth telling the user: a trial started, halved, failed.
    virtual void onMessage(const std::string& /*line*/) { }
};

/// Runs a sweep (docs/sweeps.md): every trial is an ordinary `cnnwb train` run in its own folder
/// below the sweep's, started as a child process, `parallel` at once. With successive halving the
/// trials train to each rung, are ranked there, and only the best go on (synchronously, so that the
/// result does not depend on which trial happened to finish first). Everything lives in the folder:
/// a sweep that was stopped, killed or lost its machine resumes with the same call, keeping finished
/// trials and continuing unfinished ones from their last checkpoint, and ends as the uninterrupted
/// sweep would have (on the CPU, to the last digit).
class SweepRunner {
public:
    /// `experiment` holds the sweep (a non-empty experiment.sweep) and the model to train.
    SweepRunner(Experiment experiment, SweepRunOptions options);

    /// Runs until every trial is settled or `control` asks to stop (the trials then stop after their
    /// current batch, keeping a checkpoint). Throws Error(InvalidArgument) for a sweep that cannot
    /// run (no parameters, a bad value, a folder holding another sweep), Error(Io).
    SweepIndex run(SweepObserver* observer = nullptr, TrainingControl* control = nullptr);

    /// The trials' experiments as run() trains them: the sweep's with each trial's values and with
    /// the threads each trial gets.
    [[nodiscard]] const std::vector<Experiment>& trialExperiments() const noexcept { return m_trials; }

private:
    Experiment m_experiment;
    SweepRunOptions m_options;
    std::vector<Experiment> m_trials;
};

/// The index of the sweep in `folder` as its trials' folders say it is now (for a window that opens a
/// sweep, running or not). Throws Error(Io) when the folder holds no sweep.
[[nodiscard]] SweepIndex readSweep(const std::filesystem::path& folder);

/// A Slurm array job with a task per trial, `parallel` at once (without successive halving; with it
/// every task runs at once, since each waits at the rungs for the others): writes experiment.json
/// (with its sweep) and sweep.sbatch (executable) into `folder`; `sbatch sweep.sbatch` there runs the
/// sweep into `folder`/sweep. Each task runs `cnnwb sweep --trial N` with the task's CPUs as its
/// threads. Returns the files written. Throws Error(InvalidArgument) or Error(Io).
std::vector<std::filesystem::path> writeSweepSlurm(
    const Experiment& experiment, const std::filesystem::path& folder, int parallel, const std::string& timeLimit);

/// The script writeSweepSlurm writes, for `trials` trials.
[[nodiscard]] std::string sweepSlurmScript(int trials, bool halving, int parallel, const std::string& timeLimit);

} // namespace cnnwb::engine
