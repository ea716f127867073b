#include "train/batch_reporter.h"

#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"

#include "cnnwb/engine/core/error.h"

#include <algorithm>
#include <cmath>

namespace cnnwb::engine {
namespace {

// Per batch: its loss, its correct count, and the loss that decides divergence (the ranks' summed
// losses when distributed, so that all ranks stop at the same batch). On the CPU the values are
// already readable; on a GPU they come over in one transfer.
std::vector<double> readValues(const std::vector<PendingBatch>& pending)
{
    std::vector<double> read(pending.size() * 3);
    const auto decisive = [](const PendingBatch& p) { return p.allRanksLoss.defined() ? p.allRanksLoss : p.loss; };
    if (pending.front().loss.is_cpu()) {
        for (std::size_t i = 0; i < pending.size(); ++i) {
            read[3 * i] = pending[i].loss.item<double>();
            read[3 * i + 1] = static_cast<double>(pending[i].correct.item<std::int64_t>());
            read[3 * i + 2] = decisive(pending[i]).item<double>();
        }
        return read;
    }
    std::vector<torch::Tensor> values;
    values.reserve(pending.size() * 3);
    for (const PendingBatch& p : pending) {
        values.push_back(p.loss);
        values.push_back(p.correct.to(torch::kFloat64));
        values.push_back(decisive(p).to(torch::kFloat64));
    }
    const torch::Tensor host = torch::stack(values).to(torch::kCPU);
    std::copy_n(host.data_ptr<double>(), read.size(), read.begin());
    return read;
}

} // namespace

BatchReporter::BatchReporter(TrainingObserver* observer, int readEvery)
    : m_observer(observer)
    , m_readEvery(readEvery)
{
}

void BatchReporter::add(PendingBatch batch, const EpochProgress& progress)
{
    m_pending.push_back(std::move(batch));
    if (static_cast<int>(m_pending.size()) >= m_readEvery)
        flush(progress);
}

void BatchReporter::flush(const EpochProgress& progress)
{
    if (m_pending.empty())
        return;
    const std::vector<double> read = readValues(m_pending);
    const double imagesPerSecond = static_cast<double>(progress.seen - progress.resumed) / secondsSince(progress.start);
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        const PendingBatch& p = m_pending[i];
        if (!std::isfinite(read[3 * i + 2]))
            throw Error(ErrorCode::Diverged,
                Phrase{"training diverged: the loss became %1 at epoch %2, batch %3 (learning rate %4); try a lower "
                       "learning rate, gradient clipping or BatchNorm",
                    {std::isnan(read[3 * i + 2]) ? "NaN" : "infinite", std::to_string(progress.epoch),
                        std::to_string(p.batch), shortText(p.learningRate)}}
                    .english());
        if (m_observer) {
            BatchMetrics metrics;
            metrics.epoch = progress.epoch;
            metrics.batch = p.batch;
            metrics.batchesPerEpoch = progress.batchesPerEpoch;
            metrics.step = p.step;
            metrics.loss = read[3 * i];
            metrics.accuracy = read[3 * i + 1] / static_cast<double>(p.count);
            metrics.learningRate = p.learningRate;
            metrics.imagesPerSecond = imagesPerSecond;
            m_observer->onBatch(metrics);
        }
    }
    m_pending.clear();
}

} // namespace cnnwb::engine
