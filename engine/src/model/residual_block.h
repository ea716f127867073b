#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <memory>

namespace cnnwb::engine {

class BatchNormSync;

/// The 1x1 conv + BN that brings a block's input to its output's shape when the stride or the
/// channels change (ResNet's shortcut, torchvision's downsample), else an empty Sequential: identity.
[[nodiscard]] torch::nn::Sequential projectionShortcut(
    std::int64_t inChannels, std::int64_t outChannels, std::int64_t stride, const std::shared_ptr<BatchNormSync>& sync);

/// ResNet's basic block. Submodule names match the Python class that "Show as PyTorch code"
/// writes (conv1, bn1, conv2, bn2, shortcut.0, shortcut.1), so state dicts load either way.
class ResidualBlockImpl : public torch::nn::Module {
public:
    /// With `sync`, the BatchNorm layers are synchronized over the ranks of a distributed run.
    ResidualBlockImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t stride,
        const std::shared_ptr<BatchNormSync>& sync = nullptr);

    torch::Tensor forward(const torch::Tensor& input);

private:
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    torch::nn::Conv2d m_conv2{nullptr};
    torch::nn::BatchNorm2d m_bn2{nullptr};
    torch::nn::Sequential m_shortcut{nullptr}; ///< empty (identity) when the shape is unchanged
};
TORCH_MODULE(ResidualBlock);

} // namespace cnnwb::engine
