#include "train/data_parallel.h"

#include "cnnwb/engine/core/logging.h"

#include <torch/utils.h>

#include <cmath>

namespace cnnwb::engine {

DataParallel::DataParallel(DistributedSetup setup, const torch::Device& device, bool syncBatchNorm)
    : m_setup(std::move(setup))
    , m_syncBatchNorm(syncBatchNorm)
    , m_group(std::make_shared<ProcessGroup>(m_setup, device))
{
}

void DataParallel::startFromRank0(torch::nn::Sequential& model)
{
    {
        const torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> state;
        for (const auto& p : model->parameters())
            state.push_back(p);
        for (const auto& b : model->buffers())
            state.push_back(b);
        m_group->broadcastFromRank0(state, "the broadcast of rank 0's weights");
    }
    // Frozen layers (fine-tuning) take no gradients: only what trains is averaged.
    std::vector<torch::Tensor> trained;
    for (const auto& p : model->parameters())
        if (p.requires_grad())
            trained.push_back(p);
    m_reducer.emplace(*m_group, trained, m_setup.bucketBytes);
}

void DataParallel::shareBatchNormStatistics(torch::nn::Sequential& model)
{
    if (m_syncBatchNorm)
        return;
    std::vector<torch::Tensor> buffers = model->buffers();
    if (!buffers.empty())
        m_group->broadcastFromRank0(buffers, "the broadcast of rank 0's BatchNorm statistics");
}

void DataParallel::reseed(std::uint64_t seed, std::int64_t step) const
{
    seed ^= 0x9e3779b97f4a7c15ULL;
    seed ^= (static_cast<std::uint64_t>(rank()) + 1) * 0xbf58476d1ce4e5b9ULL;
    seed ^= (static_cast<std::uint64_t>(step) + 1) * 0x94d049bb133111ebULL;
    torch::manual_seed(seed);
}

EpochTotals DataParallel::sum(const torch::Tensor& lossSum, const torch::Tensor& correct, std::int64_t seen)
{
    torch::Tensor sums = torch::stack(
        {lossSum, correct.to(torch::kFloat64), torch::full({}, static_cast<double>(seen), lossSum.options())});
    m_group->allReduceSum(sums, "the sum of the epoch's training metrics");
    const torch::Tensor cpu = sums.to(torch::kCPU);
    const double* v = cpu.data_ptr<double>();
    return {v[0], std::llround(v[1]), std::llround(v[2])};
}

void DataParallel::startExchange(bool stopVote, const torch::Tensor& loss)
{
    m_reducer->prepare(stopVote, loss);
}

void DataParallel::finishExchange()
{
    m_reducer->finish();
    m_stopVotes = m_reducer->stopVotes();
    m_lossSum = m_reducer->lossSum();
    if (!m_loggedBuckets) {
        m_loggedBuckets = true;
        logInfo({"gradient exchange: %1 bucket(s), %2 sent while the backward pass ran",
            {std::to_string(m_reducer->bucketCount()), std::to_string(m_reducer->bucketsSentDuringBackward())}});
    }
}

bool DataParallel::stopAgreed() const
{
    return m_stopVotes.item<double>() > 0.0;
}

} // namespace cnnwb::engine
