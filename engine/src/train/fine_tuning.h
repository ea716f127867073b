#pragma once

#include "cnnwb/engine/model/model_spec.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/optim/optimizer.h>

#include <utility>
#include <vector>

namespace cnnwb::engine {

/// Stops training from changing the frozen layers of `model` (LayerSpec::trainable): their
/// parameters no longer take gradients. Returns the optimizer's parameter groups: the trainable
/// parameters of the layers not in `pretrainedLayers` first, then those of the pretrained ones (an
/// empty group is left out), each with its share of the learning rate.
struct ParameterGroups {
    std::vector<std::vector<torch::Tensor>> groups;
    std::vector<double> learningRateScales; ///< per group: 1, or TrainConfig::pretrainedLearningRateScale
};
[[nodiscard]] ParameterGroups freezeLayers(torch::nn::Sequential& model, const ModelSpec& spec,
    const std::vector<int>& pretrainedLayers, double pretrainedScale);

/// model->train() with the BatchNorm layers of the frozen layers left in eval mode, so that their
/// statistics stay as the weights brought them (as a fine-tuning user sets them with module.eval()).
void trainMode(torch::nn::Sequential& model, const ModelSpec& spec);

/// Puts every module in eval mode and gives each its own mode back when it ends (the evaluation
/// pass; a frozen layer stays in eval mode).
class EvalModeScope {
public:
    explicit EvalModeScope(torch::nn::Module& model);
    ~EvalModeScope();
    EvalModeScope(const EvalModeScope&) = delete;
    EvalModeScope& operator=(const EvalModeScope&) = delete;
    EvalModeScope(EvalModeScope&&) = delete;
    EvalModeScope& operator=(EvalModeScope&&) = delete;

private:
    std::vector<std::pair<std::shared_ptr<torch::nn::Module>, bool>> m_modes;
    torch::nn::Module& m_model;
    bool m_rootTraining;
};

} // namespace cnnwb::engine
