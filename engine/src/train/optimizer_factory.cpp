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

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(
    const TrainConfig& c, const std::vector<std::vector<torch::Tensor>>& groups, const std::vector<double>& scales)
{
    std::unique_ptr<torch::optim::Optimizer> optimizer
        = makeOptimizer(c, groups.empty() ? std::vector<torch::Tensor>() : groups.front());
    for (std::size_t g = 1; g < groups.size(); ++g) {
        std::unique_ptr<torch::optim::OptimizerOptions> options = optimizer->param_groups().front().options().clone();
        options->set_lr(c.learningRate * scales.at(g));
        optimizer->add_param_group(torch::optim::OptimizerParamGroup(groups[g], std::move(options)));
    }
    return optimizer;
}

} // namespace cnnwb::engine
