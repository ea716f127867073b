#pragma once

#include "cnnwb/engine/train/training_metrics.h"

#include <filesystem>
#include <string>

namespace cnnwb::engine {

/// Receives a run's progress. Called on the thread that runs Trainer::run(); implementations
/// that feed a UI must hand the values over to their own thread.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;

    virtual void onRunStarted(const RunInfo& /*info*/) { }
    virtual void onBatch(const BatchMetrics& /*metrics*/) { }
    virtual void onEpoch(const EpochMetrics& /*metrics*/) { }
    /// Every TrainConfig::healthEvery steps: each layer's statistics, with the diagnoses that this
    /// sample made fire (HealthSample::fired, usually none). A resumed run first reports the samples
    /// from before its checkpoint, as it reports the epochs.
    virtual void onHealth(const HealthSample& /*sample*/) { }
    /// After onEpoch: the epoch's histograms, the first convolution's filters and feature maps.
    virtual void onEpochHealth(const EpochHealth& /*health*/) { }
    /// After writing a checkpoint that TrainingControl::requestCheckpoint asked for; `error` is
    /// empty on success, else says why it could not be written (the run goes on).
    virtual void onCheckpointSaved(const std::filesystem::path& /*file*/, const std::string& /*error*/) { }
    /// After the last epoch, after a stop or early stop; not after a failure (run() throws then).
    virtual void onFinished(const RunResult& /*result*/) { }
};

} // namespace cnnwb::engine
