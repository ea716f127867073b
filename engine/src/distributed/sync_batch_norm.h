#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/pimpl.h>

#include <memory>

namespace cnnwb::engine {

/// How synchronized BatchNorm reaches the other ranks: a sum over all of them, in place.
class BatchNormSync {
public:
    virtual ~BatchNormSync() = default;
    virtual void sumOverRanks(at::Tensor& tensor) = 0;
};

/// BatchNorm2d whose training statistics (and their gradients) cover the whole global batch, as
/// torch.nn.SyncBatchNorm does: per-channel sums, sums of squares and counts are added up over
/// the ranks in the forward pass, the two gradient sums in the backward pass. It is a
/// BatchNorm2dImpl with the same parameters and buffers, so checkpoints, state dicts, ONNX export
/// and evaluation (which uses the running statistics) see an ordinary BatchNorm2d.
class SyncBatchNorm2dImpl : public torch::nn::BatchNorm2dImpl {
public:
    SyncBatchNorm2dImpl(std::int64_t channels, std::shared_ptr<BatchNormSync> sync);

    torch::Tensor forward(const torch::Tensor& input);

private:
    std::shared_ptr<BatchNormSync> m_sync;
};
TORCH_MODULE(SyncBatchNorm2d);

/// A BatchNorm2d layer: synchronized when `sync` is given.
[[nodiscard]] torch::nn::BatchNorm2d makeBatchNorm2d(std::int64_t channels, const std::shared_ptr<BatchNormSync>& sync);
/// Runs `layer`, synchronized if it is a SyncBatchNorm2dImpl (forward is not virtual in LibTorch).
[[nodiscard]] torch::Tensor runBatchNorm(const torch::nn::BatchNorm2d& layer, const torch::Tensor& input);

} // namespace cnnwb::engine
