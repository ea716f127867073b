#include "distributed/gradient_reducer.h"

#include "distributed/process_group.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

namespace cnnwb::engine {

GradientReducer::GradientReducer(ProcessGroup& group, std::vector<at::Tensor> parameters, std::int64_t bucketBytes)
    : m_group(group)
    , m_parameters(std::move(parameters))
    , m_bucketOf(m_parameters.size())
    , m_offsetOf(m_parameters.size())
    , m_arrived(m_parameters.size(), false)
{
    // The backward pass produces the last layers' gradients first: bucket 0 holds them.
    std::int64_t bytes = 0;
    std::vector<std::int64_t> sizes;
    for (std::size_t k = m_parameters.size(); k-- > 0;) {
        const at::Tensor& p = m_parameters[k];
        const std::int64_t size = p.numel() * static_cast<std::int64_t>(p.element_size());
        if (m_buckets.empty() || bytes + size > bucketBytes) {
            m_buckets.emplace_back();
            sizes.push_back(0);
            bytes = 0;
        }
        m_bucketOf[k] = m_buckets.size() - 1;
        m_offsetOf[k] = sizes.back();
        m_buckets.back().parameters.push_back(k);
        sizes.back() += p.numel();
        bytes += size;
    }
    if (m_buckets.empty()) {
        m_buckets.emplace_back();
        sizes.push_back(0);
    }
    const auto options = m_parameters.empty() ? at::TensorOptions().dtype(at::kFloat)
                                              : m_parameters.front().options().requires_grad(false);
    for (std::size_t b = 0; b < m_buckets.size(); ++b)
        m_buckets[b].flat = at::zeros({sizes[b] + (b + 1 == m_buckets.size() ? 2 : 0)}, options);
    for (std::size_t k = 0; k < m_parameters.size(); ++k)
        m_parameters[k].register_hook([this, k](const at::Tensor& grad) { gradientReady(k, grad); });
}

void GradientReducer::prepare(bool stopRequested, const at::Tensor& loss)
{
    for (Bucket& bucket : m_buckets) {
        bucket.flat.zero_();
        bucket.missing = bucket.parameters.size();
        bucket.sent = false;
    }
    at::Tensor& last = m_buckets.back().flat;
    last[-1].fill_(stopRequested ? 1.0 : 0.0);
    if (loss.defined())
        last[-2].copy_(loss.detach()); // on the device: no wait for the GPU
    std::fill(m_arrived.begin(), m_arrived.end(), false);
    m_nextToSend = 0;
    m_sentDuringBackward = 0;
    m_active = true;
}

// Runs inside the backward pass (on the CPU in the caller's thread, on a GPU in the autograd
// engine's device thread, while the caller waits in backward()).
void GradientReducer::gradientReady(std::size_t parameter, const at::Tensor& grad)
{
    if (!m_active)
        return;
    const c10::NoGradGuard noGrad;
    Bucket& bucket = m_buckets[m_bucketOf[parameter]];
    const std::int64_t offset = m_offsetOf[parameter];
    bucket.flat.slice(0, offset, offset + grad.numel()).add_(grad.reshape({-1}));
    if (m_arrived[parameter])
        return; // a second contribution (not expected for a leaf): added above, counted once
    m_arrived[parameter] = true;
    if (--bucket.missing == 0)
        sendReadyBuckets();
}

void GradientReducer::sendReadyBuckets()
{
    // In bucket order only, so that every rank issues the same collectives in the same order.
    while (m_nextToSend < m_buckets.size() && m_buckets[m_nextToSend].missing == 0) {
        m_group.startAllReduceSum(m_buckets[m_nextToSend].flat, "the gradient exchange");
        m_buckets[m_nextToSend].sent = true;
        ++m_nextToSend;
        ++m_sentDuringBackward;
    }
}

void GradientReducer::finish()
{
    m_active = false;
    const c10::NoGradGuard noGrad;
    for (; m_nextToSend < m_buckets.size(); ++m_nextToSend) {
        m_group.startAllReduceSum(m_buckets[m_nextToSend].flat, "the gradient exchange");
        m_buckets[m_nextToSend].sent = true;
    }
    m_group.waitForStarted("the gradient exchange");

    const double scale = 1.0 / static_cast<double>(m_group.size());
    for (std::size_t k = 0; k < m_parameters.size(); ++k) {
        at::Tensor& parameter = m_parameters[k];
        if (!parameter.grad().defined())
            parameter.mutable_grad() = at::empty_like(parameter);
        at::Tensor& grad = parameter.mutable_grad();
        const std::int64_t offset = m_offsetOf[k];
        grad.copy_(m_buckets[m_bucketOf[k]].flat.slice(0, offset, offset + grad.numel()).view(grad.sizes()))
            .mul_(scale);
    }
}

at::Tensor GradientReducer::stopVotes() const
{
    return m_buckets.back().flat[-1].clone(); // prepare() zeroes the buffer for the next step
}

at::Tensor GradientReducer::lossSum() const
{
    return m_buckets.back().flat[-2].clone();
}

} // namespace cnnwb::engine
