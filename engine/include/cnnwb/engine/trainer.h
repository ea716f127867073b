#pragma once

#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/train_config.h"
#include "cnnwb/engine/training_metrics.h"
#include "cnnwb/engine/training_observer.h"

namespace cnnwb::engine {

/// Trains the seed CNN (Conv2d C->32 k3 p1, ReLU, MaxPool 2, Flatten, Linear -> classes) on a
/// dataset, evaluating test accuracy after each epoch. Inputs are scaled to [0,1] and normalized
/// with mean 0.5, std 0.5, as the seed article's transforms do.
class Trainer {
public:
    explicit Trainer(TrainConfig config);

    /// Runs to completion or until `observer` asks to stop. Throws Error (InvalidArgument, Device,
    /// Io, Backend); a stopped run still returns what it learned and writes its weights.
    RunResult run(const Dataset& dataset, TrainingObserver* observer = nullptr);

    [[nodiscard]] const TrainConfig& config() const noexcept { return m_config; }

private:
    TrainConfig m_config;
};

} // namespace cnnwb::engine
