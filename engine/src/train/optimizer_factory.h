#pragma once

#include "cnnwb/engine/train/train_config.h"

#include <torch/optim/optimizer.h>

#include <memory>
#include <vector>

namespace cnnwb::engine {

/// The optimizer the config names (SGD with momentum/Nesterov, Adam, AdamW) over `params`, at the
/// config's learning rate and weight decay. Shared by the trainer and the learning-rate finder.
[[nodiscard]] std::unique_ptr<torch::optim::Optimizer> makeOptimizer(
    const TrainConfig& c, const std::vector<torch::Tensor>& params);

/// The same over parameter groups, each at its share of the learning rate (`scales`, one per group;
/// the trainer sets each group's rate every step as the schedule's rate times its share).
[[nodiscard]] std::unique_ptr<torch::optim::Optimizer> makeOptimizer(
    const TrainConfig& c, const std::vector<std::vector<torch::Tensor>>& groups, const std::vector<double>& scales);

} // namespace cnnwb::engine
