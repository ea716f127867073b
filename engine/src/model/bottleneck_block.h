#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <memory>

namespace cnnwb::engine {

class BatchNormSync;

/// ResNet-50's bottleneck block with torchvision's submodule names (conv1..3, bn1..3,
/// downsample.0/.1), so torchvision's state dicts load by name.
class BottleneckBlockImpl : public torch::nn::Module {
public:
    /// The inner width is outChannels / 4. With `sync`, the BatchNorm layers are synchronized.
    BottleneckBlockImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t stride,
        const std::shared_ptr<BatchNormSync>& sync = nullptr);

    torch::Tensor forward(const torch::Tensor& input);

private:
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    torch::nn::Conv2d m_conv2{nullptr};
    torch::nn::BatchNorm2d m_bn2{nullptr};
    torch::nn::Conv2d m_conv3{nullptr};
    torch::nn::BatchNorm2d m_bn3{nullptr};
    torch::nn::Sequential m_downsample{nullptr}; ///< empty (identity) when the shape is unchanged
};
TORCH_MODULE(BottleneckBlock);

} // namespace cnnwb::engine
