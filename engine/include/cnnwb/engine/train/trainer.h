#pragma once

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/distributed/distributed.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/train_config.h"
#include "cnnwb/engine/train/training_control.h"
#include "cnnwb/engine/train/training_metrics.h"
#include "cnnwb/engine/train/training_observer.h"

#include <map>
#include <optional>
#include <string>

namespace cnnwb::engine {

/// Trains a model spec on a dataset with cross-entropy and the configured optimizer and schedule,
/// evaluating test loss, accuracy, per-class accuracy and the confusion matrix after each epoch.
/// Inputs are scaled to [0,1] and normalized with mean 0.5, std 0.5, as the seed article's
/// transforms do. Without a spec it trains the seed CNN (seedModelSpec) fitted to the dataset.
/// On the CPU, the same seed and thread count give the same metrics, run after run.
/// With an output folder it writes manifest.json (docs/reproducibility.md), model.pth, metrics.csv,
/// last.ckpt (after every epoch and where
/// the run ended) and best.ckpt (at the best test accuracy so far).
class Trainer {
public:
    explicit Trainer(TrainConfig config, std::optional<ModelSpec> model = std::nullopt);

    /// Continue the run saved in `checkpoint` instead of starting afresh: weights, optimizer,
    /// position, generators and history come from it; the config's epochs say where to end. The
    /// model must have the checkpoint's architecture and the dataset must be the one it trained
    /// on (run() throws Error(InvalidArgument) listing the differences otherwise). On the CPU, a
    /// resumed run gives exactly the metrics the uninterrupted run would have.
    void resumeFrom(Checkpoint checkpoint);
    /// Facts about the front end for the run's manifest.json, e.g. {"front_end", "cnnwb"}, {"qt", "6.4.2"}.
    void setEnvironment(std::map<std::string, std::string> environment);
    /// Train as one rank of a data-parallel run (docs/distributed.md): join the others' process
    /// group, start from rank 0's weights, train on this rank's share of every global batch
    /// (batchSize per rank) and average gradients over the ranks. Every rank reports to its
    /// observer (epoch metrics cover the whole run, batch metrics the rank's share) and may ask to
    /// stop (all ranks then stop after the same step); only rank 0 writes the output folder. A
    /// world size of 1 is an ordinary run. A checkpoint
    /// from another world size is resumed with its global batch when the batch size was left as saved.
    void setDistributed(DistributedSetup setup);

    /// Runs to completion, early stop, or until `control` asks to stop (it can also pause). Throws
    /// Error (InvalidArgument, Device, Diverged, Io, Backend); a stopped run still returns what it
    /// learned and writes its weights.
    RunResult run(const Dataset& dataset, TrainingObserver* observer = nullptr, TrainingControl* control = nullptr);

    [[nodiscard]] const TrainConfig& config() const noexcept { return m_config; }

private:
    TrainConfig m_config;
    std::optional<ModelSpec> m_model;
    std::optional<Checkpoint> m_resume;
    std::map<std::string, std::string> m_environment;
    std::optional<DistributedSetup> m_distributed;
};

} // namespace cnnwb::engine
