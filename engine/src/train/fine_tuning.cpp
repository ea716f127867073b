#include "train/fine_tuning.h"

#include "cnnwb/engine/core/error.h"

#include <torch/nn/modules/batchnorm.h>

#include <algorithm>

namespace cnnwb::engine {

ParameterGroups freezeLayers(torch::nn::Sequential& model, const ModelSpec& spec,
    const std::vector<int>& pretrainedLayers, double pretrainedScale)
{
    std::vector<torch::Tensor> fresh;
    std::vector<torch::Tensor> pretrained;
    const auto children = model->children();
    for (std::size_t i = 0; i < children.size() && i < spec.layers.size(); ++i) {
        const bool isPretrained = std::find(pretrainedLayers.begin(), pretrainedLayers.end(), static_cast<int>(i))
            != pretrainedLayers.end();
        for (torch::Tensor& p : children[i]->parameters()) {
            if (!spec.layers[i].trainable)
                p.requires_grad_(false);
            else
                (isPretrained ? pretrained : fresh).push_back(p);
        }
    }
    if (fresh.empty() && pretrained.empty() && !model->parameters().empty())
        throw Error(ErrorCode::InvalidArgument,
            "every layer with weights is frozen, so training would change nothing: let at least the last layer "
            "train (Train All, or a smaller --freeze-until)");
    ParameterGroups out;
    if (!fresh.empty() || pretrained.empty()) {
        out.groups.push_back(std::move(fresh));
        out.learningRateScales.push_back(1.0);
    }
    if (!pretrained.empty()) {
        out.groups.push_back(std::move(pretrained));
        out.learningRateScales.push_back(pretrainedScale);
    }
    return out;
}

void trainMode(torch::nn::Sequential& model, const ModelSpec& spec)
{
    model->train();
    const auto children = model->children();
    for (std::size_t i = 0; i < children.size() && i < spec.layers.size(); ++i)
        if (!spec.layers[i].trainable)
            // Only the statistics freeze: a frozen Dropout still drops, as in PyTorch's fine-tuning.
            for (const auto& module : children[i]->modules(/*include_self=*/true))
                if (dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get()) != nullptr)
                    module->eval();
}

EvalModeScope::EvalModeScope(torch::nn::Module& model)
    : m_model(model)
    , m_rootTraining(model.is_training())
{
    for (const auto& module : model.modules(/*include_self=*/false))
        m_modes.emplace_back(module, module->is_training());
    model.eval();
}

EvalModeScope::~EvalModeScope()
{
    // Module::train(on) sets the children too: the root first, then each module as it was.
    m_model.train(m_rootTraining);
    for (const auto& [module, training] : m_modes)
        module->train(training);
}

} // namespace cnnwb::engine
