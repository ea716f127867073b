#include "train/evaluator.h"

#include "data/parallel_for.h"
#include "distributed/process_group.h"
#include "train/fine_tuning.h"
#include "train/mixed_precision.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

namespace cnnwb::engine {

Evaluator::Evaluator(torch::nn::Sequential model, const BatchNormalizer& normalizer, int classes)
    : m_model(std::move(model))
    , m_normalizer(normalizer)
    , m_classes(classes)
{
}

Evaluator& Evaluator::channelsLast(bool on)
{
    m_channelsLast = on;
    return *this;
}

Evaluator& Evaluator::precision(const MixedPrecision* precision)
{
    m_precision = precision;
    return *this;
}

Evaluator& Evaluator::shardOver(ProcessGroup* group)
{
    m_group = group;
    return *this;
}

Evaluator& Evaluator::keepPredictions(bool on)
{
    m_keepPredictions = on;
    return *this;
}

EvaluationResult Evaluator::run(const SplitTensors& split, std::int64_t batchSize)
{
    const torch::NoGradGuard noGrad; // grad mode is per thread: set where evaluation runs
    std::optional<EvalModeScope> evalMode(std::in_place, *m_model);
    const std::int64_t count = split.images.size(0);
    const std::int64_t world = m_group ? m_group->size() : 1;
    const std::int64_t rank = m_group ? m_group->rank() : 0;
    const torch::Tensor images = split.images.slice(0, rank, count, world);
    const torch::Tensor labels = split.labels.slice(0, rank, count, world);
    const std::int64_t share = images.size(0);
    const torch::Device device = m_normalizer.device();
    torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
    torch::Tensor confusion
        = torch::zeros({m_classes * m_classes}, torch::TensorOptions().dtype(torch::kInt64).device(device));
    EvaluationResult result;
    for (std::int64_t begin = 0; begin < share; begin += batchSize) {
        const std::int64_t end = std::min(share, begin + batchSize);
        torch::Tensor logits;
        {
            const AutocastScope autocast(m_precision != nullptr && m_precision->autocastEnabled(),
                m_precision != nullptr ? m_precision->autocastType() : at::kBFloat16);
            logits = m_model->forward(m_normalizer(images.slice(0, begin, end), m_channelsLast)).to(torch::kFloat32);
        }
        const torch::Tensor target = labels.slice(0, begin, end).to(logits.device());
        lossSum += torch::nn::functional::cross_entropy(
            logits, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .to(torch::kFloat64);
        torch::Tensor guess = logits.argmax(1);
        torch::Tensor cell = target * m_classes + guess;
        if (logits.size(1) > m_classes) // a model with more outputs than the data has classes
            cell = cell.masked_select(guess < m_classes);
        confusion.index_add_(0, cell, torch::ones_like(cell));
        if (m_keepPredictions) {
            const auto [confidence, predicted] = torch::softmax(logits, 1).max(1);
            const torch::Tensor conf = confidence.to(torch::kCPU, torch::kFloat64).contiguous();
            const torch::Tensor pred = predicted.to(torch::kCPU).contiguous();
            const torch::Tensor truth = target.to(torch::kCPU).contiguous();
            for (std::int64_t i = 0; i < end - begin; ++i)
                result.predictions.push_back({begin + i, static_cast<int>(truth.data_ptr<std::int64_t>()[i]),
                    static_cast<int>(pred.data_ptr<std::int64_t>()[i]), conf.data_ptr<double>()[i]});
        }
    }
    evalMode.reset(); // each module back in its mode (frozen layers stay in eval mode)
    if (m_group) {
        // Counts stay exact in float64 up to 2^53.
        torch::Tensor sums = torch::cat({lossSum.reshape({1}), confusion.to(torch::kFloat64)});
        m_group->allReduceSum(sums, "the sum of the evaluation metrics");
        lossSum = sums[0];
        confusion = sums.slice(0, 1).round().to(torch::kInt64);
    }
    const torch::Tensor cpu = confusion.to(torch::kCPU);
    result.confusion.assign(cpu.data_ptr<std::int64_t>(), cpu.data_ptr<std::int64_t>() + cpu.numel());
    result.count = count;
    result.loss = count > 0 ? lossSum.item<double>() / static_cast<double>(count) : 0.0;
    return result;
}

EvaluationResult Evaluator::run(
    const Dataset& dataset, Split split, const SplitTensors& tensors, std::int64_t batchSize)
{
    if (!dataset.info().streamed)
        return run(tensors, batchSize);
    const ImageShape& shape = dataset.info().shape;
    const std::int64_t count = dataset.size(split);
    // A chunk is decoded at once, on every core: a few batches, bounded in memory.
    const std::int64_t chunk = std::max<std::int64_t>(batchSize, 1024);
    EvaluationResult total;
    double lossSum = 0.0;
    for (std::int64_t begin = 0; begin < count; begin += chunk) {
        const std::int64_t end = std::min(count, begin + chunk);
        torch::Tensor images = torch::empty({end - begin, shape.channels, shape.height, shape.width}, torch::kUInt8);
        auto* out = images.data_ptr<std::uint8_t>();
        const auto size = static_cast<std::size_t>(shape.elementCount());
        parallelFor(
            static_cast<std::size_t>(end - begin),
            [&](std::size_t i) { dataset.readImage(split, begin + static_cast<std::int64_t>(i), out + i * size); }, 16);
        const SplitTensors part{images.to(m_normalizer.device()), tensors.labels.slice(0, begin, end)};
        EvaluationResult r = run(part, batchSize);
        lossSum += r.loss * static_cast<double>(r.count);
        total.count += r.count;
        if (total.confusion.empty())
            total.confusion.assign(r.confusion.size(), 0);
        for (std::size_t c = 0; c < r.confusion.size(); ++c)
            total.confusion[c] += r.confusion[c];
        for (SamplePrediction& p : r.predictions) {
            p.index += begin;
            total.predictions.push_back(p);
        }
    }
    total.loss = total.count > 0 ? lossSum / static_cast<double>(total.count) : 0.0;
    return total;
}

} // namespace cnnwb::engine
