#include "model/residual_block.h"

#include "distributed/sync_batch_norm.h"

#include <torch/nn/functional/activation.h>

namespace cnnwb::engine {

namespace {

torch::nn::Conv2dOptions conv(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride)
{
    return torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false);
}

} // namespace

torch::nn::Sequential projectionShortcut(
    std::int64_t inChannels, std::int64_t outChannels, std::int64_t stride, const std::shared_ptr<BatchNormSync>& sync)
{
    torch::nn::Sequential shortcut;
    if (stride == 1 && inChannels == outChannels)
        return shortcut;
    shortcut->push_back(torch::nn::Conv2d(conv(inChannels, outChannels, 1, stride)));
    // Sequential calls the forward of the type it was given, so a synchronized layer goes in as one.
    if (sync)
        shortcut->push_back(SyncBatchNorm2d(outChannels, sync));
    else
        shortcut->push_back(torch::nn::BatchNorm2d(outChannels));
    return shortcut;
}

ResidualBlockImpl::ResidualBlockImpl(
    std::int64_t inChannels, std::int64_t outChannels, std::int64_t stride, const std::shared_ptr<BatchNormSync>& sync)
    : m_conv1(register_module("conv1", torch::nn::Conv2d(conv(inChannels, outChannels, 3, stride))))
    , m_bn1(register_module("bn1", makeBatchNorm2d(outChannels, sync)))
    , m_conv2(register_module("conv2", torch::nn::Conv2d(conv(outChannels, outChannels, 3, 1))))
    , m_bn2(register_module("bn2", makeBatchNorm2d(outChannels, sync)))
    , m_shortcut(register_module("shortcut", projectionShortcut(inChannels, outChannels, stride, sync)))
{
}

torch::Tensor ResidualBlockImpl::forward(const torch::Tensor& input)
{
    torch::Tensor out = torch::relu(runBatchNorm(m_bn1, m_conv1(input)));
    out = runBatchNorm(m_bn2, m_conv2(out));
    out += m_shortcut->is_empty() ? input : m_shortcut->forward(input);
    return torch::relu(out);
}

} // namespace cnnwb::engine
