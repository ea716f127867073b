#include "model/model_builder.h"

#include "model/residual_block.h"
#include "distributed/sync_batch_norm.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_analysis.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

namespace cnnwb::engine {

torch::nn::Sequential buildModel(const ModelSpec& spec, const std::shared_ptr<BatchNormSync>& sync)
{
    const ModelAnalysis analysis = analyzeModel(spec);
    if (!analysis.valid()) {
        std::string text = "the model spec has " + std::to_string(analysis.problems.size()) + " problem(s):";
        for (const SpecProblem& problem : analysis.problems)
            text += "\n  " + problem.message;
        throw Error(ErrorCode::InvalidArgument, text,
            {{}, std::nullopt,
                analysis.problems.front().layerIndex >= 0 ? std::optional<int>(analysis.problems.front().layerIndex)
                                                          : std::nullopt});
    }

    torch::nn::Sequential model;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        const std::vector<std::int64_t>& in = analysis.layers[i].inputShape;
        switch (l.kind) {
        case LayerKind::Conv2d: {
            auto options = torch::nn::Conv2dOptions(in[0], l.outChannels, l.kernel)
                               .stride(l.stride)
                               .dilation(l.dilation)
                               .groups(l.groups)
                               .bias(l.bias);
            if (l.samePadding)
                options.padding(torch::kSame);
            else
                options.padding(l.padding);
            model->push_back(torch::nn::Conv2d(options));
            break;
        }
        case LayerKind::BatchNorm2d:
            if (sync)
                model->push_back(SyncBatchNorm2d(in[0], sync));
            else
                model->push_back(torch::nn::BatchNorm2d(in[0]));
            break;
        case LayerKind::ReLU:
            model->push_back(torch::nn::ReLU());
            break;
        case LayerKind::LeakyReLU:
            model->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(l.negativeSlope)));
            break;
        case LayerKind::GELU:
            model->push_back(torch::nn::GELU());
            break;
        case LayerKind::SiLU:
            model->push_back(torch::nn::SiLU());
            break;
        case LayerKind::Sigmoid:
            model->push_back(torch::nn::Sigmoid());
            break;
        case LayerKind::Tanh:
            model->push_back(torch::nn::Tanh());
            break;
        case LayerKind::MaxPool2d:
            model->push_back(torch::nn::MaxPool2d(
                torch::nn::MaxPool2dOptions(l.kernel).stride(l.stride == 0 ? l.kernel : l.stride).padding(l.padding)));
            break;
        case LayerKind::AvgPool2d:
            model->push_back(torch::nn::AvgPool2d(
                torch::nn::AvgPool2dOptions(l.kernel).stride(l.stride == 0 ? l.kernel : l.stride).padding(l.padding)));
            break;
        case LayerKind::AdaptiveAvgPool2d:
            model->push_back(torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions(l.outputSize)));
            break;
        case LayerKind::Dropout:
            model->push_back(torch::nn::Dropout(torch::nn::DropoutOptions(l.probability)));
            break;
        case LayerKind::Dropout2d:
            model->push_back(torch::nn::Dropout2d(torch::nn::Dropout2dOptions(l.probability)));
            break;
        case LayerKind::Flatten:
            model->push_back(torch::nn::Flatten());
            break;
        case LayerKind::Linear:
            model->push_back(torch::nn::Linear(torch::nn::LinearOptions(in[0], l.outChannels).bias(l.bias)));
            break;
        case LayerKind::ResidualBlock:
            model->push_back(ResidualBlock(in[0], l.outChannels, l.stride, sync));
            break;
        }
    }
    return model;
}

} // namespace cnnwb::engine
