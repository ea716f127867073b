#include "distributed/sync_batch_norm.h"

#include "cnnwb/engine/core/error.h"

#include <torch/autograd.h>

namespace cnnwb::engine {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Statistics in float64: the sums of squares of a large global batch lose digits in float32.
class SyncBatchNormFunction : public torch::autograd::Function<SyncBatchNormFunction> {
public:
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input, const torch::Tensor& weight,
        const torch::Tensor& bias, torch::Tensor runningMean, torch::Tensor runningVar, double momentum, double eps,
        BatchNormSync* sync)
    {
        const torch::Tensor x = input.to(torch::kFloat32);
        const std::int64_t channels = x.size(1);
        const std::vector<std::int64_t> dims{0, 2, 3};
        const auto local = static_cast<double>(channels > 0 ? x.numel() / channels : 0);
        torch::Tensor stats
            = torch::cat({x.sum(dims, false, torch::kFloat64), x.square().sum(dims, false, torch::kFloat64),
                torch::full({1}, local, torch::TensorOptions().dtype(torch::kFloat64).device(x.device()))});
        sync->sumOverRanks(stats);
        // The count stays a tensor: reading it on a GPU would wait for the GPU in every layer.
        const torch::Tensor count = stats.slice(0, 2 * channels, 2 * channels + 1);
        if (x.is_cpu() && count.item<double>() <= 1.0)
            throw Error(ErrorCode::InvalidArgument,
                "synchronized BatchNorm needs more than one value per channel in the global batch");
        const torch::Tensor mean = stats.slice(0, 0, channels) / count;
        const torch::Tensor var = (stats.slice(0, channels, 2 * channels) / count - mean.square()).clamp_min(0.0);
        const torch::Tensor mean32 = mean.to(torch::kFloat32);
        const torch::Tensor invstd = (var + eps).rsqrt().to(torch::kFloat32);
        const auto shape = std::vector<std::int64_t>{1, channels, 1, 1};
        const torch::Tensor output = (x - mean32.view(shape)) * (invstd * weight).view(shape) + bias.view(shape);
        runningMean.mul_(1.0 - momentum).add_(mean32, momentum);
        runningVar.mul_(1.0 - momentum)
            .add_((var * (count / (count - 1.0).clamp_min(1.0))).to(torch::kFloat32), momentum);
        ctx->save_for_backward({x, weight, mean32, invstd, count});
        ctx->saved_data["sync"] = reinterpret_cast<std::int64_t>(sync); // NOLINT: lives as long as the model
        return output.to(input.scalar_type());
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs)
    {
        const variable_list saved = ctx->get_saved_variables();
        const torch::Tensor& x = saved[0];
        const torch::Tensor& weight = saved[1];
        const std::int64_t channels = x.size(1);
        const auto shape = std::vector<std::int64_t>{1, channels, 1, 1};
        const torch::Tensor xhat = (x - saved[2].view(shape)) * saved[3].view(shape);
        const torch::Tensor grad = gradOutputs[0].to(torch::kFloat32);
        const std::vector<std::int64_t> dims{0, 2, 3};
        const torch::Tensor sumDy = grad.sum(dims, false, torch::kFloat64);
        const torch::Tensor sumDyXhat = (grad * xhat).sum(dims, false, torch::kFloat64);
        // weight and bias get this rank's part; the gradient exchange adds up the ranks' parts.
        const torch::Tensor gradWeight = sumDyXhat.to(torch::kFloat32);
        const torch::Tensor gradBias = sumDy.to(torch::kFloat32);
        torch::Tensor both = torch::cat({sumDy, sumDyXhat});
        auto* sync = reinterpret_cast<BatchNormSync*>(ctx->saved_data["sync"].toInt()); // NOLINT
        sync->sumOverRanks(both);
        const torch::Tensor& count = saved[4];
        const torch::Tensor meanDy = (both.slice(0, 0, channels) / count).to(torch::kFloat32);
        const torch::Tensor meanDyXhat = (both.slice(0, channels, 2 * channels) / count).to(torch::kFloat32);
        const torch::Tensor gradInput
            = (grad - meanDy.view(shape) - xhat * meanDyXhat.view(shape)) * (saved[3] * weight).view(shape);
        return {gradInput.to(gradOutputs[0].scalar_type()), gradWeight, gradBias, torch::Tensor(), torch::Tensor(),
            torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

SyncBatchNorm2dImpl::SyncBatchNorm2dImpl(std::int64_t channels, std::shared_ptr<BatchNormSync> sync)
    : torch::nn::BatchNorm2dImpl(torch::nn::BatchNormOptions(channels))
    , m_sync(std::move(sync))
{
}

torch::Tensor SyncBatchNorm2dImpl::forward(const torch::Tensor& input)
{
    if (!is_training() || !m_sync)
        return torch::nn::BatchNorm2dImpl::forward(input);
    _check_input_dim(input);
    const double momentum = options.momentum().value_or(0.1);
    {
        const torch::NoGradGuard noGrad;
        num_batches_tracked.add_(1);
    }
    return SyncBatchNormFunction::apply(
        input, weight, bias, running_mean, running_var, momentum, options.eps(), m_sync.get());
}

torch::nn::BatchNorm2d makeBatchNorm2d(std::int64_t channels, const std::shared_ptr<BatchNormSync>& sync)
{
    if (!sync)
        return torch::nn::BatchNorm2d(channels);
    const std::shared_ptr<torch::nn::BatchNorm2dImpl> synced = std::make_shared<SyncBatchNorm2dImpl>(channels, sync);
    return torch::nn::BatchNorm2d(synced);
}

torch::Tensor runBatchNorm(const torch::nn::BatchNorm2d& layer, const torch::Tensor& input)
{
    torch::nn::BatchNorm2dImpl* impl = layer.ptr().get();
    if (auto* synced = dynamic_cast<SyncBatchNorm2dImpl*>(impl))
        return synced->forward(input);
    return impl->forward(input);
}

} // namespace cnnwb::engine
