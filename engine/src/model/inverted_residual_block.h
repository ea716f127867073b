#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <memory>
#include <vector>

namespace cnnwb::engine {

class BatchNormSync;

/// MobileNetV2's inverted residual block. Its parameters carry torchvision's names
/// (conv.0.0.weight, conv.0.1.running_mean, ..., conv.2.weight, conv.3.bias), so torchvision's state
/// dicts load by name: the modules are registered in nested ModuleLists for those names and run
/// here, since LibTorch's Sequential cannot hold a Sequential.
class InvertedResidualBlockImpl : public torch::nn::Module {
public:
    InvertedResidualBlockImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t stride,
        std::int64_t expandRatio, const std::shared_ptr<BatchNormSync>& sync = nullptr);

    torch::Tensor forward(const torch::Tensor& input);

private:
    /// A conv + BN, with ReLU6 after them when `activated` (the last pair is linear).
    struct Stage {
        torch::nn::Conv2d conv{nullptr};
        torch::nn::BatchNorm2d norm{nullptr};
        bool activated = true;
    };
    std::vector<Stage> m_stages;
    bool m_residual = false;
};
TORCH_MODULE(InvertedResidualBlock);

} // namespace cnnwb::engine
