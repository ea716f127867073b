#pragma once

#include "cnnwb/engine/train/training_observer.h"

#include <torch/types.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace cnnwb::engine {

using Clock = std::chrono::steady_clock;

[[nodiscard]] inline double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// One trained batch whose values are still on the device.
struct PendingBatch {
    int batch = 0; ///< 1-based
    std::int64_t step = 0;
    std::int64_t count = 0;
    double learningRate = 0.0;
    torch::Tensor loss;    ///< float64 scalar, still on the device
    torch::Tensor correct; ///< int64 scalar, still on the device
    /// Distributed: the ranks' losses summed, so that every rank stops at the same non-finite
    /// batch (a single rank's NaN reaches all of them through the gradients one step later).
    torch::Tensor allRanksLoss;
};

/// Where the epoch stands, for the batches' images per second.
struct EpochProgress {
    int epoch = 0;
    int batchesPerEpoch = 0;
    std::int64_t seen = 0;    ///< images trained so far in this epoch
    std::int64_t resumed = 0; ///< of those, the ones trained before a resume (not by this process)
    Clock::time_point start;
};

/// Reading a value from a GPU waits for its queue to drain; reading each batch's loss at once
/// would stall the GPU every step. So batches wait here and are read (and reported) a few at a
/// time on a GPU, one by one on the CPU.
class BatchReporter {
public:
    BatchReporter(TrainingObserver* observer, int readEvery);

    /// Keeps the batch; reads and reports the kept ones once `readEvery` are waiting.
    void add(PendingBatch batch, const EpochProgress& progress);
    /// Reads the kept batches' loss and accuracy in one transfer, stops the run at the first
    /// non-finite loss (Error(Diverged), naming its batch) and reports them to the observer.
    void flush(const EpochProgress& progress);

private:
    TrainingObserver* m_observer;
    int m_readEvery;
    std::vector<PendingBatch> m_pending;
};

} // namespace cnnwb::engine
