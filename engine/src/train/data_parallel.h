#pragma once

#include "distributed/gradient_reducer.h"
#include "distributed/process_group.h"

#include "cnnwb/engine/distributed/distributed.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <optional>

namespace cnnwb::engine {

/// The epoch's training sums so far.
struct EpochTotals {
    double lossSum = 0.0;
    std::int64_t correct = 0;
    std::int64_t seen = 0;
};

/// What a training run needs to be one rank of a data-parallel run (docs/distributed.md): the
/// process group, the gradient exchange, and what the last exchange carried back. A run on one
/// process has none.
class DataParallel {
public:
    /// Joins the other ranks' process group (a collective: every rank must get here).
    DataParallel(DistributedSetup setup, const torch::Device& device, bool syncBatchNorm);

    [[nodiscard]] int rank() const noexcept { return m_group->rank(); }
    [[nodiscard]] int world() const noexcept { return m_group->size(); }
    [[nodiscard]] const DistributedSetup& setup() const noexcept { return m_setup; }
    [[nodiscard]] const std::shared_ptr<ProcessGroup>& group() const noexcept { return m_group; }
    /// The group the model's BatchNorm layers synchronize over, or none (per-rank statistics).
    [[nodiscard]] std::shared_ptr<ProcessGroup> batchNormGroup() const { return m_syncBatchNorm ? m_group : nullptr; }
    [[nodiscard]] bool syncBatchNorm() const noexcept { return m_syncBatchNorm; }

    /// Every rank starts from rank 0's weights and statistics, as DDP does; then the gradient
    /// buckets are laid out over the model's parameters.
    void startFromRank0(torch::nn::Sequential& model);
    /// Per-rank BatchNorm keeps a running mean and variance per rank; evaluation and checkpoints use
    /// rank 0's on every rank (DDP sends them before every forward; only evaluation reads them).
    /// Synchronized BatchNorm updates them from the global batch: they are equal already.
    void shareBatchNormStatistics(torch::nn::Sequential& model);
    /// Dropout draws from each rank's own stream: the same stream everywhere would drop the same
    /// units for every rank's k-th image. Seeded from the seed, the rank and the step before every
    /// step, so a resumed run (on as many ranks) draws exactly what the uninterrupted one drew.
    void reseed(std::uint64_t seed, std::int64_t step) const;
    /// The epoch's sums so far over all ranks (a collective).
    [[nodiscard]] EpochTotals sum(const torch::Tensor& lossSum, const torch::Tensor& correct, std::int64_t seen);

    /// Before the backward pass: the buckets fill (and go out) during backward(). An undefined loss
    /// means this rank had no images in the step, and contributes zeros.
    void startExchange(bool stopVote, const torch::Tensor& loss);
    /// After the backward pass: the rest of the buckets, then the averaged gradients are in place.
    void finishExchange();
    /// Whether some rank asked to stop, from the last exchange (reading it waits for a GPU).
    [[nodiscard]] bool stopAgreed() const;
    /// The ranks' losses summed, from the last exchange: what decides divergence on every rank.
    [[nodiscard]] const torch::Tensor& ranksLossSum() const noexcept { return m_lossSum; }

private:
    DistributedSetup m_setup;
    bool m_syncBatchNorm;
    std::shared_ptr<ProcessGroup> m_group;
    std::optional<GradientReducer> m_reducer;
    torch::Tensor m_stopVotes; ///< how many ranks asked to stop, from the last gradient exchange
    torch::Tensor m_lossSum;   ///< the ranks' losses summed, from the last gradient exchange
    bool m_loggedBuckets = false;
};

} // namespace cnnwb::engine
