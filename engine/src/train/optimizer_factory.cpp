#include "train/optimizer_factory.h"

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

namespace cnnwb::engine {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig& c, const std::vector<torch::Tensor>& params)
{
    switch (c.optimizer) {
    case OptimizerKind::Sgd:
        return std::make_unique<torch::optim::SGD>(params,
            torch::optim::SGDOptions(c.learningRate)
                .momentum(c.momentum)
                .nesterov(c.nesterov)
                .weight_decay(c.weightDecay));
    case OptimizerKind::AdamW:
        return std::make_unique<torch::optim::AdamW>(
            params, torch::optim::AdamWOptions(c.learningRate).weight_decay(c.weightDecay));
    case OptimizerKind::Adam:
        break;
    }
    return std::make_unique<torch::optim::Adam>(
        params, torch::optim::AdamOptions(c.learningRate).weight_decay(c.weightDecay));
}

} // namespace cnnwb::engine
