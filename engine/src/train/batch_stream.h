#pragma once

#include "cnnwb/engine/augment/augmentation.h"
#include "cnnwb/engine/data/dataset.h"

#include <torch/types.h>

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace cnnwb::engine {

/// The training batches of a streamed dataset (DatasetInfo::streamed), made ahead of the step that
/// needs them: a pool of worker threads decodes each batch's files, brings them to the input size
/// and, when the run augments, augments them, into at most `depth` batches waiting in order. The
/// pixels are the in-memory path's exactly: the same decoder and resize, and each image augmented
/// with the seed of its dataset index, so a streamed run trains on the same batches as one in memory.
class BatchStream {
public:
    struct Options {
        int workers = 2;
        int depth = 4;                                  ///< batches decoded ahead at most (memory: depth × a batch)
        bool pinned = false;                            ///< page-locked batches, for an asynchronous copy to the GPU
        const AugmentationSpec* augmentation = nullptr; ///< null: uint8 batches, normalized by the trainer
        std::uint64_t seed = 0;
    };

    BatchStream(const Dataset& dataset, const Options& options);
    ~BatchStream();
    BatchStream(const BatchStream&) = delete;
    BatchStream& operator=(const BatchStream&) = delete;

    /// Starts an epoch: its batches are these dataset indices, in order (any batches of the last
    /// epoch not taken are dropped).
    void startEpoch(int epoch, std::vector<std::vector<std::int64_t>> batches);
    /// The epoch's next batch, waiting for it when it is not ready: N x C x H x W uint8, or float32
    /// augmented and normalized. Rethrows a worker's Error (a file that cannot be decoded any more).
    [[nodiscard]] torch::Tensor next();
    /// Seconds next() has waited for a batch, all epochs together.
    [[nodiscard]] double waitedSeconds() const noexcept { return m_waited; }

private:
    void work();
    [[nodiscard]] torch::Tensor makeBatch(const std::vector<std::int64_t>& indices, int epoch) const;

    const Dataset m_dataset;
    const Options m_options;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_stopping = false;
    std::uint64_t m_generation = 0; ///< one per epoch: a batch of an earlier one is dropped
    int m_epoch = 0;
    std::vector<std::vector<std::int64_t>> m_batches;
    std::size_t m_nextJob = 0;  ///< the next batch a worker takes
    std::size_t m_consumed = 0; ///< batches next() has returned
    std::map<std::size_t, torch::Tensor> m_ready;
    std::exception_ptr m_failure;
    double m_waited = 0.0;
};

/// Worker threads for streaming on this machine: half the cores (the other half trains), 1 to 8.
[[nodiscard]] int defaultStreamWorkers() noexcept;

/// `count` images of a split (indices[i]) as planar uint8 at `out`, decoded from their files when
/// the dataset is streamed, copied when not.
void gatherImages(
    const Dataset& dataset, Split split, const std::int64_t* indices, std::int64_t count, std::uint8_t* out);

} // namespace cnnwb::engine
