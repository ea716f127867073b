#include "model/inverted_residual_block.h"

#include "distributed/sync_batch_norm.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/modules/container/modulelist.h>

namespace cnnwb::engine {

InvertedResidualBlockImpl::InvertedResidualBlockImpl(std::int64_t inChannels, std::int64_t outChannels,
    std::int64_t stride, std::int64_t expandRatio, const std::shared_ptr<BatchNormSync>& sync)
    : m_residual(stride == 1 && inChannels == outChannels)
{
    const std::int64_t hidden = inChannels * expandRatio;
    const auto options = [](std::int64_t in, std::int64_t out, std::int64_t kernel) {
        return torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(false);
    };
    if (expandRatio != 1)
        m_stages.push_back({torch::nn::Conv2d(options(inChannels, hidden, 1)), makeBatchNorm2d(hidden, sync), true});
    m_stages.push_back({torch::nn::Conv2d(options(hidden, hidden, 3).stride(stride).groups(hidden)),
        makeBatchNorm2d(hidden, sync), true});
    m_stages.push_back({torch::nn::Conv2d(options(hidden, outChannels, 1)), makeBatchNorm2d(outChannels, sync), false});

    // torchvision's `conv` Sequential: each activated pair is a Sequential of its own (conv.K.0,
    // conv.K.1); the last conv and BN are its last two entries.
    torch::nn::ModuleList conv;
    for (const Stage& stage : m_stages) {
        if (stage.activated) {
            torch::nn::ModuleList pair;
            pair->push_back(stage.conv.ptr());
            pair->push_back(stage.norm.ptr());
            conv->push_back(pair.ptr());
        } else {
            conv->push_back(stage.conv.ptr());
            conv->push_back(stage.norm.ptr());
        }
    }
    register_module("conv", conv);
}

torch::Tensor InvertedResidualBlockImpl::forward(const torch::Tensor& input)
{
    torch::Tensor out = input;
    for (Stage& stage : m_stages) {
        out = runBatchNorm(stage.norm, stage.conv(out));
        if (stage.activated)
            out = torch::nn::functional::relu6(out);
    }
    return m_residual ? input + out : out;
}

} // namespace cnnwb::engine
