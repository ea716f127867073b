#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace cnnwb::engine {

class ProcessGroup;

/// Averages the gradients of a data-parallel step over the ranks, the way PyTorch's DDP reducer
/// does: the parameters are grouped into buckets of about 25 MB in reverse order (the order the
/// backward pass produces their gradients), a hook on each parameter copies its gradient into its
/// bucket's flat buffer, and a bucket goes out (an asynchronous all-reduce) as soon as all its
/// gradients are in — while the backward pass goes on with earlier layers. Buckets always go out in
/// the same order on every rank. Parameters without a gradient count as zeros.
///
/// Two extra numbers ride in the last bucket, so that every rank decides the same after the same
/// step without an extra collective: how many ranks asked to stop, and the sum of the ranks' losses
/// (not finite when any rank's loss is not).
class GradientReducer {
public:
    GradientReducer(ProcessGroup& group, std::vector<at::Tensor> parameters, std::int64_t bucketBytes = 25LL << 20);
    GradientReducer(const GradientReducer&) = delete;
    GradientReducer& operator=(const GradientReducer&) = delete;

    /// Before the backward pass: empties the buckets and notes this rank's stop request and loss
    /// (undefined on a rank without images in the step).
    void prepare(bool stopRequested, const at::Tensor& loss);
    /// After the backward pass (or instead of it, on a rank without images in the step): sends the
    /// buckets still waiting, waits for all of them and writes the averages into the gradients.
    void finish();
    /// After finish(): how many ranks asked to stop, and the sum of their losses, as scalar tensors
    /// on the parameters' device (reading them from a GPU waits for the GPU: read when convenient).
    [[nodiscard]] at::Tensor stopVotes() const;
    [[nodiscard]] at::Tensor lossSum() const;

    /// How many buckets went out during the backward pass in the last step (the rest in finish()).
    [[nodiscard]] std::size_t bucketsSentDuringBackward() const noexcept { return m_sentDuringBackward; }
    [[nodiscard]] std::size_t bucketCount() const noexcept { return m_buckets.size(); }

private:
    struct Bucket {
        std::vector<std::size_t> parameters;
        at::Tensor flat;         ///< the gradients back to back (+ loss sum and stop votes in the last bucket)
        std::size_t missing = 0; ///< gradients not yet in, this step
        bool sent = false;
    };

    void gradientReady(std::size_t parameter, const at::Tensor& grad);
    void sendReadyBuckets();

    ProcessGroup& m_group;
    std::vector<at::Tensor> m_parameters;
    std::vector<Bucket> m_buckets;
    std::vector<std::size_t> m_bucketOf;  ///< per parameter
    std::vector<std::int64_t> m_offsetOf; ///< per parameter, into its bucket's flat buffer
    std::vector<bool> m_arrived;          ///< per parameter, this step
    std::size_t m_nextToSend = 0;
    std::size_t m_sentDuringBackward = 0;
    bool m_active = false;
};

} // namespace cnnwb::engine
