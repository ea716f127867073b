#include "model/model_builder.h"

#include "core/memory_budget.h"

#include "distributed/sync_batch_norm.h"
#include "model/bottleneck_block.h"
#include "model/inverted_residual_block.h"
#include "model/layer_kind.h"
#include "model/residual_block.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_analysis.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/pooling.h>

#include <array>

namespace cnnwb::engine {
namespace {

using Shape = std::vector<std::int64_t>;
using Sync = std::shared_ptr<BatchNormSync>;

// Each kind's LibTorch module, from its settings and its input per sample (the spec is valid).
torch::nn::AnyModule conv2d(const LayerSpec& l, const Shape& in, const Sync& /*sync*/)
{
    auto options = torch::nn::Conv2dOptions(in[0], l.outChannels, l.kernel)
                       .stride(l.stride)
                       .dilation(l.dilation)
                       .groups(l.groups)
                       .bias(l.bias);
    if (l.samePadding)
        options.padding(torch::kSame);
    else
        options.padding(l.padding);
    return torch::nn::AnyModule(torch::nn::Conv2d(options));
}

torch::nn::AnyModule batchNorm2d(const LayerSpec& /*l*/, const Shape& in, const Sync& sync)
{
    // Sequential calls the forward of the type it was given, so a synchronized layer goes in as one.
    if (sync)
        return torch::nn::AnyModule(SyncBatchNorm2d(in[0], sync));
    return torch::nn::AnyModule(torch::nn::BatchNorm2d(in[0]));
}

// A module without options.
template <typename Module> torch::nn::AnyModule plain(const LayerSpec& /*l*/, const Shape& /*in*/, const Sync& /*sync*/)
{
    return torch::nn::AnyModule(Module());
}

torch::nn::AnyModule leakyRelu(const LayerSpec& l, const Shape& /*in*/, const Sync& /*sync*/)
{
    return torch::nn::AnyModule(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(l.negativeSlope)));
}

// MaxPool2d and AvgPool2d; stride 0 means the kernel size.
template <typename Module, typename Options>
torch::nn::AnyModule pool2d(const LayerSpec& l, const Shape& /*in*/, const Sync& /*sync*/)
{
    return torch::nn::AnyModule(
        Module(Options(l.kernel).stride(l.stride == 0 ? l.kernel : l.stride).padding(l.padding)));
}

torch::nn::AnyModule adaptiveAvgPool2d(const LayerSpec& l, const Shape& /*in*/, const Sync& /*sync*/)
{
    return torch::nn::AnyModule(torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions(l.outputSize)));
}

template <typename Module, typename Options>
torch::nn::AnyModule dropout(const LayerSpec& l, const Shape& /*in*/, const Sync& /*sync*/)
{
    return torch::nn::AnyModule(Module(Options(l.probability)));
}

torch::nn::AnyModule linear(const LayerSpec& l, const Shape& in, const Sync& /*sync*/)
{
    return torch::nn::AnyModule(torch::nn::Linear(torch::nn::LinearOptions(in[0], l.outChannels).bias(l.bias)));
}

torch::nn::AnyModule residualBlock(const LayerSpec& l, const Shape& in, const Sync& sync)
{
    return torch::nn::AnyModule(ResidualBlock(in[0], l.outChannels, l.stride, sync));
}

torch::nn::AnyModule bottleneck(const LayerSpec& l, const Shape& in, const Sync& sync)
{
    return torch::nn::AnyModule(BottleneckBlock(in[0], l.outChannels, l.stride, sync));
}

torch::nn::AnyModule invertedResidual(const LayerSpec& l, const Shape& in, const Sync& sync)
{
    return torch::nn::AnyModule(InvertedResidualBlock(in[0], l.outChannels, l.stride, l.expandRatio, sync));
}

// The LibTorch half of the kind table (model/layer_kinds.cpp): the only part that needs LibTorch.
struct KindModule {
    LayerKind kind;
    torch::nn::AnyModule (*build)(const LayerSpec& layer, const Shape& in, const Sync& sync);
};

constexpr std::array kModules = {
    KindModule{LayerKind::Conv2d, conv2d},
    KindModule{LayerKind::BatchNorm2d, batchNorm2d},
    KindModule{LayerKind::ReLU, plain<torch::nn::ReLU>},
    KindModule{LayerKind::ReLU6, plain<torch::nn::ReLU6>},
    KindModule{LayerKind::LeakyReLU, leakyRelu},
    KindModule{LayerKind::GELU, plain<torch::nn::GELU>},
    KindModule{LayerKind::SiLU, plain<torch::nn::SiLU>},
    KindModule{LayerKind::Sigmoid, plain<torch::nn::Sigmoid>},
    KindModule{LayerKind::Tanh, plain<torch::nn::Tanh>},
    KindModule{LayerKind::MaxPool2d, pool2d<torch::nn::MaxPool2d, torch::nn::MaxPool2dOptions>},
    KindModule{LayerKind::AvgPool2d, pool2d<torch::nn::AvgPool2d, torch::nn::AvgPool2dOptions>},
    KindModule{LayerKind::AdaptiveAvgPool2d, adaptiveAvgPool2d},
    KindModule{LayerKind::Dropout, dropout<torch::nn::Dropout, torch::nn::DropoutOptions>},
    KindModule{LayerKind::Dropout2d, dropout<torch::nn::Dropout2d, torch::nn::Dropout2dOptions>},
    KindModule{LayerKind::Flatten, plain<torch::nn::Flatten>},
    KindModule{LayerKind::Linear, linear},
    KindModule{LayerKind::ResidualBlock, residualBlock},
    KindModule{LayerKind::Bottleneck, bottleneck},
    KindModule{LayerKind::InvertedResidual, invertedResidual},
};
static_assert(coversEveryKindInOrder(kModules), "kModules lists every LayerKind once, in enum order");

} // namespace

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

    // Every caller (a checkpoint's architecture check, an export, the window's summary) builds
    // through here: a spec asking for 10^9 weights is refused before the first one is allocated.
    checkMemoryBudget(analysis.parameters * 4, "storing this model's weights", ErrorCode::InvalidArgument, {},
        "make the model smaller");
    torch::nn::Sequential model;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& layer = spec.layers[i];
        model->push_back(
            kModules[static_cast<std::size_t>(layer.kind)].build(layer, analysis.layers[i].inputShape, sync));
    }
    return model;
}

} // namespace cnnwb::engine
