#include "gradient_reducer.h"

#include "process_group.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

namespace cnnwb::engine {

GradientReducer::GradientReducer(ProcessGroup& group, std::vector<at::Tensor> parameters, std::int64_t bucketBytes)
    : m_group(group)
    , m_parameters(std::move(parameters))
{
    std::int64_t bytes = 0;
    for (std::size_t i = 0; i < m_parameters.size(); ++i) {
        const std::int64_t size = m_parameters[i].numel() * static_cast<std::int64_t>(m_parameters[i].element_size());
        if (m_buckets.empty() || bytes + size > bucketBytes) {
            m_buckets.emplace_back();
            bytes = 0;
        }
        m_buckets.back().push_back(i);
        bytes += size;
    }
}

at::Tensor GradientReducer::average(bool stopRequested)
{
    const c10::NoGradGuard noGrad;
    std::vector<at::Tensor> flat;
    flat.reserve(m_buckets.size() + 1);
    for (const auto& bucket : m_buckets) {
        std::vector<at::Tensor> parts;
        parts.reserve(bucket.size() + 1);
        for (const std::size_t i : bucket) {
            at::Tensor& parameter = m_parameters[i];
            if (!parameter.grad().defined())
                parameter.mutable_grad() = at::zeros_like(parameter);
            parts.push_back(parameter.grad().reshape({-1}));
        }
        flat.push_back(at::cat(parts));
    }
    const auto options = m_parameters.empty() ? at::TensorOptions().dtype(at::kFloat)
                                              : m_parameters.front().options().requires_grad(false);
    at::Tensor votes = at::full({1}, stopRequested ? 1.0 : 0.0, options);
    if (flat.empty())
        flat.push_back(votes);
    else
        flat.back() = at::cat({flat.back(), votes});
    m_group.allReduceSum(flat, "the gradient exchange");

    const double scale = 1.0 / static_cast<double>(m_group.size());
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        std::int64_t offset = 0;
        for (const std::size_t i : m_buckets[b]) {
            at::Tensor& grad = m_parameters[i].mutable_grad();
            const std::int64_t n = grad.numel();
            grad.copy_(flat[b].slice(0, offset, offset + n).view(grad.sizes())).mul_(scale);
            offset += n;
        }
    }
    return flat.back()[-1];
}

} // namespace cnnwb::engine
