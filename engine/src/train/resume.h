#pragma once

#include "train/checkpoint_state.h"

#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/train_config.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/optim/optimizer.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace cnnwb::engine {

// What continuing a run from a checkpoint takes besides the run's position: the optimizer's state,
// the random generators, the weights, and the checks that the run can be continued at all.

/// Optimizer state per parameter index; LibTorch keeps it keyed by the parameter's address.
[[nodiscard]] NamedTensors optimizerTensors(
    torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& params);
/// The saved optimizer state onto `params`; throws Error(InvalidData) when it does not fit.
void restoreOptimizer(torch::optim::Optimizer& optimizer, OptimizerKind kind, const std::vector<torch::Tensor>& params,
    const NamedTensors& saved);

/// LibTorch's CPU generator, and on CUDA every GPU's, into `state`.
void captureGenerators(Checkpoint::State& state, const torch::Device& device);
/// The generators `captureGenerators` saved, for `device`.
void restoreGenerators(const Checkpoint::State& saved, const torch::Device& device);

/// The shuffling engine's state as text (what CheckpointInfo::shuffleState holds).
[[nodiscard]] std::string engineState(const std::mt19937_64& engine);

/// The checkpoint's parameters and buffers into `model` (same architecture, checked before).
void loadWeights(torch::nn::Sequential& model, const Checkpoint& checkpoint);

/// What a run must agree on with the checkpoint it continues.
struct ResumeTarget {
    const ModelSpec& spec;
    const DatasetIdentity& dataset;
    const std::filesystem::path& dataRoot;
    int epochs = 0;
    std::int64_t globalBatch = 0; ///< batch size x processes
};
/// Throws Error(InvalidArgument) saying why `checkpoint` cannot be continued as `target`: another
/// architecture (the differences listed), other data, no epochs left, or another global batch in the
/// middle of an epoch.
void checkResumable(const Checkpoint& checkpoint, const ResumeTarget& target);

} // namespace cnnwb::engine
