#include "train/batch_stream.h"

#include "cnnwb/engine/core/error.h"

#include <algorithm>
#include <chrono>

namespace cnnwb::engine {

int defaultStreamWorkers() noexcept
{
    const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    return std::clamp(cores / 2, 1, 8);
}

void gatherImages(
    const Dataset& dataset, Split split, const std::int64_t* indices, std::int64_t count, std::uint8_t* out)
{
    const auto size = static_cast<std::size_t>(dataset.info().shape.elementCount());
    for (std::int64_t i = 0; i < count; ++i)
        dataset.readImage(split, indices[i], out + static_cast<std::size_t>(i) * size);
}

BatchStream::BatchStream(const Dataset& dataset, const Options& options)
    : m_dataset(dataset)
    , m_options(options)
{
    for (int t = 0; t < std::max(1, options.workers); ++t)
        m_threads.emplace_back([this] { work(); });
}

BatchStream::~BatchStream()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    for (std::thread& thread : m_threads)
        thread.join();
}

void BatchStream::startEpoch(int epoch, std::vector<std::vector<std::int64_t>> batches)
{
    {
        const std::lock_guard lock(m_mutex);
        ++m_generation;
        m_epoch = epoch;
        m_batches = std::move(batches);
        m_nextJob = 0;
        m_consumed = 0;
        m_ready.clear();
        m_failure = nullptr;
    }
    m_changed.notify_all();
}

torch::Tensor BatchStream::next()
{
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    if (m_consumed >= m_batches.size())
        throw Error(ErrorCode::InvalidArgument, "the streamed epoch has no more batches");
    m_changed.wait(lock, [this] { return m_failure || m_ready.contains(m_consumed); });
    if (m_failure)
        std::rethrow_exception(m_failure);
    torch::Tensor batch = std::move(m_ready.at(m_consumed));
    m_ready.erase(m_consumed);
    ++m_consumed;
    m_waited += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    lock.unlock();
    m_changed.notify_all(); // room for one more batch ahead
    return batch;
}

void BatchStream::work()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] {
            return m_stopping
                || (!m_failure && m_nextJob < m_batches.size()
                    && m_nextJob < m_consumed + static_cast<std::size_t>(m_options.depth));
        });
        if (m_stopping)
            return;
        const std::size_t job = m_nextJob++;
        const std::uint64_t generation = m_generation;
        const std::vector<std::int64_t> indices = m_batches[job];
        const int epoch = m_epoch;
        lock.unlock();
        torch::Tensor batch;
        std::exception_ptr failure;
        try {
            batch = makeBatch(indices, epoch);
        } catch (...) {
            failure = std::current_exception();
        }
        lock.lock();
        if (generation != m_generation)
            continue; // a batch of an epoch that has been left
        if (failure)
            m_failure = failure;
        else
            m_ready.emplace(job, std::move(batch));
        m_changed.notify_all();
    }
}

torch::Tensor BatchStream::makeBatch(const std::vector<std::int64_t>& indices, int epoch) const
{
    const ImageShape& shape = m_dataset.info().shape;
    const auto count = static_cast<std::int64_t>(indices.size());
    const std::vector<std::int64_t> dims{count, shape.channels, shape.height, shape.width};
    const auto bytes
        = torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(m_options.pinned && !m_options.augmentation);
    torch::Tensor images = torch::empty(dims, bytes);
    gatherImages(m_dataset, Split::Train, indices.data(), count, images.data_ptr<std::uint8_t>());
    if (m_options.augmentation == nullptr)
        return images;
    torch::Tensor out
        = torch::empty(dims, torch::TensorOptions().dtype(torch::kFloat32).pinned_memory(m_options.pinned));
    const std::int64_t pixels = shape.elementCount();
    // One thread per batch already: each image's randomness is its own seed's, as in augmentBatch.
    for (std::int64_t i = 0; i < count; ++i)
        augmentImage(images.data_ptr<std::uint8_t>() + i * pixels, shape, *m_options.augmentation,
            sampleSeed(m_options.seed, epoch, indices[static_cast<std::size_t>(i)]),
            out.data_ptr<float>() + i * pixels);
    return out;
}

} // namespace cnnwb::engine
