#include "model/bottleneck_block.h"

#include "distributed/sync_batch_norm.h"
#include "model/residual_block.h"

#include <torch/nn/functional/activation.h>

namespace cnnwb::engine {

namespace {

torch::nn::Conv2dOptions conv(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride)
{
    return torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false);
}

} // namespace

BottleneckBlockImpl::BottleneckBlockImpl(
    std::int64_t inChannels, std::int64_t outChannels, std::int64_t stride, const std::shared_ptr<BatchNormSync>& sync)
    : m_conv1(register_module("conv1", torch::nn::Conv2d(conv(inChannels, outChannels / 4, 1, 1))))
    , m_bn1(register_module("bn1", makeBatchNorm2d(outChannels / 4, sync)))
    , m_conv2(register_module("conv2", torch::nn::Conv2d(conv(outChannels / 4, outChannels / 4, 3, stride))))
    , m_bn2(register_module("bn2", makeBatchNorm2d(outChannels / 4, sync)))
    , m_conv3(register_module("conv3", torch::nn::Conv2d(conv(outChannels / 4, outChannels, 1, 1))))
    , m_bn3(register_module("bn3", makeBatchNorm2d(outChannels, sync)))
    , m_downsample(register_module("downsample", projectionShortcut(inChannels, outChannels, stride, sync)))
{
}

torch::Tensor BottleneckBlockImpl::forward(const torch::Tensor& input)
{
    torch::Tensor out = torch::relu(runBatchNorm(m_bn1, m_conv1(input)));
    out = torch::relu(runBatchNorm(m_bn2, m_conv2(out)));
    out = runBatchNorm(m_bn3, m_conv3(out));
    out += m_downsample->is_empty() ? input : m_downsample->forward(input);
    return torch::relu(out);
}

} // namespace cnnwb::engine
