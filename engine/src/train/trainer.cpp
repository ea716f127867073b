#include "cnnwb/engine/train/trainer.h"

#include "core/atomic_file.h"
#include "augment/augmented_batch.h"
#include "augment/batch_normalizer.h"
#include "train/checkpoint_state.h"
#include "data/dataset_data.h"
#include "distributed/gradient_reducer.h"
#include "core/log_sink.h"
#include "model/model_builder.h"
#include "train/optimizer_factory.h"
#include "distributed/process_group.h"

#include "cnnwb/engine/augment/augmentation.h"
#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/records/run_manifest.h"
#include "cnnwb/engine/core/threads.h"
#include "cnnwb/engine/core/version.h"

#include <ATen/Context.h>
#include <ATen/DeviceAccelerator.h>
#include <ATen/autocast_mode.h>
#include <ATen/core/Generator.h>
#include <c10/util/Exception.h>
#include <torch/cuda.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/serialize.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unistd.h>

#include <map>
#include <numeric>
#include <random>
#include <sstream>

namespace cnnwb::engine {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The dataset's bytes as a uint8 N x C x H x W tensor. On the CPU this is a view without a copy;
// on a GPU the whole split is uploaded once (uint8: 150 MB for CIFAR-10), so a batch is a gather on
// the device and there is no per-batch host-to-device copy to pin or overlap.
torch::Tensor imagesTensor(const SplitData& split, const ImageShape& shape, const torch::Device& device)
{
    // from_blob wants a mutable pointer; the tensor is only ever read (index_select copies).
    auto* data = const_cast<std::uint8_t*>(split.pixels.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
    torch::Tensor images
        = torch::from_blob(data, {split.size(), shape.channels, shape.height, shape.width}, torch::kUInt8);
    return device.is_cpu() ? images : images.to(device);
}

torch::Tensor labelsTensor(const SplitData& split, const torch::Device& device)
{
    auto* data = const_cast<std::int64_t*>(split.labels.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
    torch::Tensor labels = torch::from_blob(data, {split.size()}, torch::kInt64);
    return device.is_cpu() ? labels : labels.to(device);
}

// Mixed precision on CUDA for the forward pass only, like torch.autocast; off on the CPU.
class AutocastScope {
public:
    AutocastScope(bool enabled, at::ScalarType type)
        : m_enabled(enabled)
    {
        if (!m_enabled)
            return;
        at::autocast::set_autocast_enabled(at::kCUDA, true);
        at::autocast::set_autocast_dtype(at::kCUDA, type);
        at::autocast::increment_nesting();
    }
    ~AutocastScope()
    {
        if (!m_enabled)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        at::autocast::set_autocast_enabled(at::kCUDA, false);
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool m_enabled;
};

struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
    std::vector<double> classAccuracy;
    std::vector<std::int64_t> confusion;
};

// Optimizer state per parameter index; LibTorch keeps it keyed by the parameter's address.
NamedTensors optimizerTensors(torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& params)
{
    NamedTensors tensors;
    const auto cpu = [](const torch::Tensor& t) { return t.defined() ? cpuCopy(t) : t; };
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto it = optimizer.state().find(params[i].unsafeGetTensorImpl());
        if (it == optimizer.state().end())
            continue;
        const std::string key = std::to_string(i) + ".";
        if (const auto* adam = dynamic_cast<const torch::optim::AdamParamState*>(it->second.get())) {
            tensors.emplace_back(key + "step", torch::tensor(adam->step(), torch::kInt64));
            tensors.emplace_back(key + "exp_avg", cpu(adam->exp_avg()));
            tensors.emplace_back(key + "exp_avg_sq", cpu(adam->exp_avg_sq()));
        } else if (const auto* adamw = dynamic_cast<const torch::optim::AdamWParamState*>(it->second.get())) {
            tensors.emplace_back(key + "step", torch::tensor(adamw->step(), torch::kInt64));
            tensors.emplace_back(key + "exp_avg", cpu(adamw->exp_avg()));
            tensors.emplace_back(key + "exp_avg_sq", cpu(adamw->exp_avg_sq()));
        } else if (const auto* sgd = dynamic_cast<const torch::optim::SGDParamState*>(it->second.get())) {
            if (sgd->momentum_buffer().defined())
                tensors.emplace_back(key + "momentum_buffer", cpu(sgd->momentum_buffer()));
        }
    }
    return tensors;
}

void restoreOptimizer(torch::optim::Optimizer& optimizer, OptimizerKind kind, const std::vector<torch::Tensor>& params,
    const NamedTensors& saved)
{
    std::map<std::string, torch::Tensor> byName(saved.begin(), saved.end());
    const auto take = [&](std::size_t i, const char* field, const torch::Tensor& like) {
        const auto it = byName.find(std::to_string(i) + "." + field);
        if (it == byName.end())
            return torch::Tensor();
        if (it->second.sizes() != like.sizes())
            throw Error(ErrorCode::InvalidData,
                std::string("the checkpoint's optimizer state ") + it->first + " does not fit its parameter");
        return it->second.to(like.device()).contiguous(like.suggest_memory_format());
    };
    for (std::size_t i = 0; i < params.size(); ++i) {
        const torch::Tensor& p = params[i];
        const auto stepIt = byName.find(std::to_string(i) + ".step");
        switch (kind) {
        case OptimizerKind::Adam:
        case OptimizerKind::AdamW: {
            if (stepIt == byName.end())
                continue; // never stepped
            torch::Tensor avg = take(i, "exp_avg", p);
            torch::Tensor avgSq = take(i, "exp_avg_sq", p);
            if (!avg.defined() || !avgSq.defined())
                throw Error(ErrorCode::InvalidData, "the checkpoint's optimizer state is incomplete");
            const std::int64_t step = stepIt->second.item<std::int64_t>();
            if (kind == OptimizerKind::Adam) {
                auto state = std::make_unique<torch::optim::AdamParamState>();
                state->step(step);
                state->exp_avg(avg);
                state->exp_avg_sq(avgSq);
                optimizer.state()[p.unsafeGetTensorImpl()] = std::move(state);
            } else {
                auto state = std::make_unique<torch::optim::AdamWParamState>();
                state->step(step);
                state->exp_avg(avg);
                state->exp_avg_sq(avgSq);
                optimizer.state()[p.unsafeGetTensorImpl()] = std::move(state);
            }
            break;
        }
        case OptimizerKind::Sgd: {
            torch::Tensor buffer = take(i, "momentum_buffer", p);
            if (!buffer.defined())
                continue;
            auto state = std::make_unique<torch::optim::SGDParamState>();
            state->momentum_buffer(buffer);
            optimizer.state()[p.unsafeGetTensorImpl()] = std::move(state);
            break;
        }
        }
    }
}

std::string engineState(const std::mt19937_64& engine)
{
    std::ostringstream out;
    out << engine;
    return out.str();
}

void saveMetrics(const std::vector<EpochMetrics>& epochs, const std::filesystem::path& path)
{
    std::ostringstream csv;
    csv << "epoch,train_loss,train_accuracy,test_loss,test_accuracy,images_per_second,seconds,learning_rate\n";
    csv.precision(6);
    for (const EpochMetrics& e : epochs)
        csv << e.epoch << ',' << e.trainLoss << ',' << e.trainAccuracy << ',' << e.testLoss << ',' << e.testAccuracy
            << ',' << e.imagesPerSecond << ',' << e.seconds << ',' << e.learningRate << '\n';
    writeFileAtomically(path, csv.str());
}

class Run {
public:
    Run(const TrainConfig& config, ModelSpec spec, const Dataset& dataset, TrainingObserver* observer,
        TrainingControl* control, const Checkpoint* resume, std::map<std::string, std::string> environment,
        std::optional<DistributedSetup> distributed)
        : m_config(config)
        , m_spec(std::move(spec))
        , m_dataset(dataset)
        , m_data(dataset.data())
        , m_observer(observer)
        , m_control(control)
        , m_classes(static_cast<std::int64_t>(m_data.info.classNames.size()))
        , m_resume(resume)
        , m_environment(std::move(environment))
        , m_distributed(std::move(distributed))
    {
    }

    // The run failed: say so in its manifest (if it got that far), without masking the error.
    void recordFailure(const std::string& message) noexcept
    {
        if (!m_manifest)
            return;
        try {
            m_manifest->status = "failed";
            m_manifest->failure = message;
            m_manifest->finishedAt = utcTimestamp();
            saveRunManifest(*m_manifest, m_config.outDir / "manifest.json");
        } catch (...) { // NOLINT(bugprone-empty-catch): the original error is what the caller needs
        }
    }

    RunResult execute()
    {
        const int threads = configureThreads(m_config.threads);
        const DeviceInfo devices = probeDevices();
        torch::Device device(resolveDevice(m_config.device, devices));
        // One GPU per process: a distributed run on CUDA takes the GPU of its local rank unless the
        // experiment names one.
        if (device.is_cuda() && m_distributed && m_config.device.find(':') == std::string::npos
            && !devices.gpuNames.empty())
            device = torch::Device(torch::kCUDA,
                static_cast<c10::DeviceIndex>(m_distributed->localRank % static_cast<int>(devices.gpuNames.size())));
        m_device = device;
        if (device.is_cuda() && m_distributed && m_distributed->distributed())
            at::accelerator::setDeviceIndex(device.index()); // before anything touches CUDA; NCCL follows it
        checkModelFitsData();
        if (m_resume || !m_config.outDir.empty())
            m_identity = identifyDataset(m_dataset);
        if (m_resume)
            checkResumable();
        torch::manual_seed(m_config.seed);
        setUpDevice(device);
        m_normalizer.emplace(m_config.augmentation.normalize, m_data.info.shape.channels, device);
        if (m_distributed && m_distributed->distributed())
            m_group = std::make_shared<ProcessGroup>(*m_distributed, device);
        const int world = m_group ? m_group->size() : 1;
        const int rank = m_group ? m_group->rank() : 0;

        m_model = buildModel(m_spec, m_group && m_config.syncBatchNorm ? m_group : nullptr);
        if (m_resume)
            loadWeights();
        m_model->to(device);
        if (m_group) {
            // Every rank starts from rank 0's weights and statistics, as DDP does.
            const torch::NoGradGuard noGrad;
            std::vector<torch::Tensor> state;
            for (const auto& p : m_model->parameters())
                state.push_back(p);
            for (const auto& b : m_model->buffers())
                state.push_back(b);
            m_group->broadcastFromRank0(state, "the broadcast of rank 0's weights");
            m_reducer.emplace(*m_group, m_model->parameters(), m_distributed->bucketBytes);
        }
        if (m_channelsLast)
            for (auto& p : m_model->parameters())
                if (p.dim() == 4)
                    p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast));
        m_optimizer = makeOptimizer(m_config, m_model->parameters());
        torch::optim::Optimizer& optimizer = *m_optimizer;
        if (m_resume)
            restoreOptimizer(optimizer, m_config.optimizer, m_model->parameters(), m_resume->state().optimizer);

        const torch::Tensor trainImages = imagesTensor(m_data.train, m_data.info.shape, device);
        const torch::Tensor trainLabels = labelsTensor(m_data.train, device);
        m_testImages = imagesTensor(m_data.test, m_data.info.shape, device);
        m_testLabels = labelsTensor(m_data.test, device);

        const std::int64_t trainCount = m_data.train.size();
        // Each step takes the next `globalBatch` images of the epoch's permutation; rank r trains on
        // every world-th of them from position r (DistributedSampler's interleaving), so the ranks
        // together see exactly the batches one process with the global batch would.
        const std::int64_t globalBatch = std::int64_t{m_config.batchSize} * world;
        const auto batchesPerEpoch = static_cast<int>((trainCount + globalBatch - 1) / globalBatch);

        RunInfo info;
        info.device = device.str();
        info.deviceName = device.is_cpu()
            ? "CPU (" + std::to_string(threads) + " threads)"
            : (devices.gpuNames.empty() ? info.device : devices.gpuNames.at(device.index()));
        for (const auto& p : m_model->parameters())
            info.parameterCount += p.numel();
        info.trainCount = trainCount;
        info.testCount = m_data.test.size();
        info.evaluationSplit = m_data.info.evaluationSplit;
        info.batchesPerEpoch = batchesPerEpoch;
        info.epochs = m_config.epochs;
        info.worldSize = world;
        if (m_group)
            logInfo(
                formatText("training %s data-parallel on %d processes (%s): this is %s, global batch %lld = %d x %d",
                    m_spec.name.c_str(), world, m_group->backendName().c_str(), m_distributed->describe().c_str(),
                    static_cast<long long>(globalBatch), m_config.batchSize, world));
        logInfo(formatText("training %s on %s with %lld parameters, %d batches of %lld per epoch", m_spec.name.c_str(),
            info.deviceName.c_str(), static_cast<long long>(info.parameterCount), batchesPerEpoch,
            static_cast<long long>(globalBatch)));
        if (m_observer)
            m_observer->onRunStarted(info);

        RunResult result;
        if (!m_config.outDir.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(m_config.outDir, ec);
            if (ec)
                throw Error(ErrorCode::Io, "cannot create output folder: " + ec.message(), {m_config.outDir.string()});
            result.weightsPath = m_config.outDir / "model.pth";
            result.metricsPath = m_config.outDir / "metrics.csv";
            result.lastCheckpointPath = m_config.outDir / "last.ckpt";
            writeManifest(info, threads);
        }

        // Shuffling uses its own seeded engine so the order depends on the seed alone, not on
        // how many random numbers LibTorch drew for initialisation.
        std::mt19937_64 shuffleEngine(m_config.seed);
        std::vector<std::int64_t> order(static_cast<std::size_t>(trainCount));
        const auto lossOptions
            = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(m_config.labelSmoothing);
        std::int64_t step = 0;
        int epochsWithoutImprovement = 0;
        int firstEpoch = 1;
        int resumeBatch = 0;
        if (m_resume) {
            const CheckpointInfo& saved = m_resume->info();
            firstEpoch = saved.epoch;
            resumeBatch = saved.batch;
            step = saved.step;
            std::istringstream(saved.shuffleState) >> shuffleEngine;
            result.epochs = saved.history;
            result.bestEpoch = saved.bestEpoch;
            result.bestTestAccuracy = saved.bestTestAccuracy;
            epochsWithoutImprovement = saved.epochsWithoutImprovement;
            m_lossScale = saved.lossScale;
            m_cleanSteps = saved.cleanSteps;
            restoreGenerators();
            logInfo("resuming at " + saved.describePosition());
            if (!result.metricsPath.empty() && !result.epochs.empty())
                saveMetrics(result.epochs, result.metricsPath);
            if (m_observer)
                for (const EpochMetrics& metrics : result.epochs)
                    m_observer->onEpoch(metrics);
        }
        // Reading a value from a GPU waits for its queue to drain; reading each batch's loss at once
        // would stall the GPU every step. There, batches are read (and reported) a few at a time.
        const int readEvery = device.is_cuda() ? kBatchesPerRead : 1;
        std::vector<PendingBatch> pending;
        std::vector<std::int64_t> localIndices;
        bool stopAgreed = false; // distributed: some rank asked to stop; all stop before the same step
        bool loggedBuckets = false;
        m_model->train();

        for (int epoch = firstEpoch; epoch <= m_config.epochs && !result.stopped; ++epoch) {
            const auto epochStart = Clock::now();
            const std::mt19937_64 engineAtEpochStart = shuffleEngine; // what a mid-epoch checkpoint saves
            std::iota(order.begin(), order.end(), 0);
            std::shuffle(order.begin(), order.end(), shuffleEngine);
            const torch::Tensor permutation = torch::from_blob(order.data(), {trainCount}, torch::kInt64).to(device);

            torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
            torch::Tensor correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(device));
            std::int64_t seen = 0;
            int firstBatch = 0;
            if (epoch == firstEpoch && resumeBatch > 0) {
                firstBatch = std::min(resumeBatch, batchesPerEpoch);
                // The saved sums cover all ranks; rank 0 carries them on so they count once.
                if (rank == 0) {
                    lossSum.fill_(m_resume->info().partialLossSum);
                    correct.fill_(m_resume->info().partialCorrect);
                    seen = m_resume->info().partialSeen;
                }
            }
            const auto midEpochState = [&](int batch) {
                reportBatches(pending, epoch, batchesPerEpoch, seen, epochStart);
                shareBatchNormStatistics();
                const EpochTotals totals = epochTotals(lossSum, correct, seen);
                return captureState(result, epoch, batch, engineAtEpochStart, totals.lossSum, totals.correct,
                    totals.seen, step, epochsWithoutImprovement);
            };
            double learningRate = m_config.learningRate;
            for (int batch = firstBatch; batch < batchesPerEpoch; ++batch) {
                if (m_group && stopAgreed) {
                    // Every rank got the same count of stop requests with the same step's gradients.
                    result.stopped = true;
                    const auto state = midEpochState(batch);
                    if (!result.lastCheckpointPath.empty())
                        writeCheckpoint(state, result.lastCheckpointPath);
                    break;
                }
                if (m_control && !m_group) {
                    for (;;) {
                        if (auto file = m_control->takeCheckpointRequest())
                            saveRequested(*file, midEpochState(batch));
                        if (m_control->stopRequested() || !m_control->paused())
                            break;
                        reportBatches(pending, epoch, batchesPerEpoch, seen, epochStart); // show where it paused
                        m_control->waitWhilePaused();
                    }
                    if (m_control->stopRequested()) {
                        result.stopped = true;
                        if (!result.lastCheckpointPath.empty())
                            writeCheckpoint(midEpochState(batch), result.lastCheckpointPath);
                        break;
                    }
                }
                const std::int64_t begin = std::int64_t{batch} * globalBatch;
                const std::int64_t end = std::min(trainCount, begin + globalBatch);
                const std::int64_t n = end - begin > rank ? (end - begin - rank + world - 1) / world : 0;
                const torch::Tensor index = permutation.slice(0, std::min(end, begin + rank), end, world);
                const std::int64_t* indices = order.data() + begin;
                if (world > 1) {
                    localIndices.clear();
                    for (std::int64_t i = begin + rank; i < end; i += world)
                        localIndices.push_back(order[static_cast<std::size_t>(i)]);
                    indices = localIndices.data();
                }
                const torch::Tensor inputs = m_config.augmentation.any()
                    ? augmentedBatch(indices, n, epoch, device)
                    : (*m_normalizer)(trainImages.index_select(0, index), m_channelsLast);
                const torch::Tensor targets = trainLabels.index_select(0, index);

                learningRate = learningRateAt(m_config, step, batchesPerEpoch);
                for (auto& group : optimizer.param_groups())
                    group.options().set_lr(learningRate);
                optimizer.zero_grad();
                if (m_group)
                    reseedPerRank(rank, step);
                torch::Tensor logits;
                torch::Tensor loss;
                // A rank whose share of a short last batch is empty still joins the gradient
                // exchange (and synchronized BatchNorm's), with zero gradients.
                const bool forward = n > 0 || (m_group && m_config.syncBatchNorm);
                if (forward) {
                    const AutocastScope autocast(m_autocast, m_autocastType);
                    logits = m_model->forward(inputs).to(torch::kFloat32);
                    if (world == 1) {
                        loss = torch::nn::functional::cross_entropy(logits, targets, lossOptions);
                    } else {
                        // The mean over the global batch once the ranks' gradients are averaged,
                        // also when the ranks' shares of the last batch differ in size.
                        const auto sum = torch::nn::functional::CrossEntropyFuncOptions()
                                             .label_smoothing(m_config.labelSmoothing)
                                             .reduction(torch::kSum);
                        loss = torch::nn::functional::cross_entropy(logits, targets, sum)
                            * (static_cast<double>(world) / static_cast<double>(end - begin));
                    }
                }
                bool stopVote = false;
                if (m_group && m_control)
                    stopVote = m_control->stopRequested();
                backwardAndStep(loss, optimizer, stopVote);
                if (m_reducer && !loggedBuckets) {
                    loggedBuckets = true;
                    logInfo(formatText("gradient exchange: %zu bucket(s), %zu sent while the backward pass ran",
                        m_reducer->bucketCount(), m_reducer->bucketsSentDuringBackward()));
                }
                ++step;

                const torch::NoGradGuard noGrad;
                if (m_group && (device.is_cpu() || (batch + 1) % readEvery == 0 || batch + 1 == batchesPerEpoch))
                    stopAgreed = m_stopVotes.item<double>() > 0.0;
                if (n == 0)
                    continue;
                seen += n;
                const torch::Tensor batchCorrect = logits.argmax(1).eq(targets).sum();
                // Per image, for the charts: a distributed rank's loss above is scaled to its share.
                const torch::Tensor batchLoss = world == 1 ? loss.detach().to(torch::kFloat64)
                                                           : loss.detach().to(torch::kFloat64)
                        * (static_cast<double>(end - begin) / static_cast<double>(world) / static_cast<double>(n));
                lossSum += batchLoss * static_cast<double>(n);
                correct += batchCorrect;
                pending.push_back({batch + 1, step - 1, n, learningRate, batchLoss, batchCorrect, m_lossSum});
                if (static_cast<int>(pending.size()) >= readEvery)
                    reportBatches(pending, epoch, batchesPerEpoch, seen, epochStart);
            }

            reportBatches(pending, epoch, batchesPerEpoch, seen, epochStart);
            const EpochTotals totals = epochTotals(lossSum, correct, seen);
            if (totals.seen == 0)
                break; // stopped before this epoch's first batch: nothing to report
            // A stop mid-epoch still evaluates what the epoch learned, for the charts; last.ckpt
            // already holds the position to resume from, and a partial epoch is not a candidate
            // for best.ckpt.
            const bool partial = result.stopped;
            const double trainSeconds = secondsSince(epochStart);
            Evaluation test = evaluate();

            EpochMetrics metrics;
            metrics.epoch = epoch;
            metrics.trainLoss = totals.lossSum / static_cast<double>(totals.seen);
            metrics.trainAccuracy = static_cast<double>(totals.correct) / static_cast<double>(totals.seen);
            metrics.testLoss = test.loss;
            metrics.testAccuracy = test.accuracy;
            metrics.imagesPerSecond = static_cast<double>(totals.seen) / trainSeconds;
            metrics.seconds = secondsSince(epochStart);
            metrics.learningRate = learningRate;
            metrics.steps = step;
            metrics.testClassAccuracy = std::move(test.classAccuracy);
            metrics.confusion = std::move(test.confusion);
            result.epochs.push_back(metrics);
            logInfo(formatText("epoch %d: train loss %.4f, test accuracy %.2f %%, %.0f img/s, %.1f s", epoch,
                metrics.trainLoss, 100.0 * metrics.testAccuracy, metrics.imagesPerSecond, metrics.seconds));
            if (!result.metricsPath.empty())
                saveMetrics(result.epochs, result.metricsPath);

            bool best = false;
            if (partial) {
                // neither best nor worse: it did not finish
            } else if (result.bestEpoch == 0 || metrics.testAccuracy > result.bestTestAccuracy) {
                result.bestEpoch = epoch;
                result.bestTestAccuracy = metrics.testAccuracy;
                epochsWithoutImprovement = 0;
                best = true;
            } else {
                ++epochsWithoutImprovement;
            }
            if (!partial && !result.lastCheckpointPath.empty()) {
                // The next epoch starts from here: its shuffle has not happened yet.
                const auto state
                    = captureState(result, epoch + 1, 0, shuffleEngine, 0.0, 0, 0, step, epochsWithoutImprovement);
                writeCheckpoint(state, result.lastCheckpointPath);
                if (best) {
                    result.bestCheckpointPath = m_config.outDir / "best.ckpt";
                    writeCheckpoint(state, result.bestCheckpointPath);
                }
            }
            if (m_observer)
                m_observer->onEpoch(metrics);
            if (!partial && m_config.earlyStoppingPatience > 0
                && epochsWithoutImprovement >= m_config.earlyStoppingPatience && epoch < m_config.epochs) {
                result.earlyStopped = true;
                logInfo(formatText("early stop after epoch %d: no better test accuracy for %d epochs (best %.2f %% in "
                                   "epoch %d)",
                    epoch, epochsWithoutImprovement, 100.0 * result.bestTestAccuracy, result.bestEpoch));
                break;
            }
        }
        if (!result.weightsPath.empty())
            writeFileAtomically(result.weightsPath, stateDictBytes(modelTensors(m_model)));
        if (m_manifest) {
            m_manifest->status = result.stopped ? "stopped" : result.earlyStopped ? "early-stopped" : "finished";
            m_manifest->epochsDone = static_cast<int>(result.epochs.size());
            m_manifest->bestEpoch = result.bestEpoch;
            m_manifest->bestTestAccuracy = result.bestTestAccuracy;
            m_manifest->finishedAt = utcTimestamp();
            saveRunManifest(*m_manifest, m_config.outDir / "manifest.json");
        }
        if (m_observer)
            m_observer->onFinished(result);
        return result;
    }

private:
    static constexpr int kBatchesPerRead = 16;

    void writeManifest(const RunInfo& info, int threads)
    {
        RunManifest& m = m_manifest.emplace();
        m.experiment.model = m_spec;
        m.experiment.dataFolder = m_data.info.root;
        m.experiment.training = m_config;
        m.experiment.training.outDir.clear();
        m.versions = versionInfo();
        m.dataset = m_identity;
        m.device = info.device;
        m.deviceName = info.deviceName;
        m.cpuThreads = threads;
        if (m_group) {
            m.worldSize = m_group->size();
            m.distributedBackend = m_group->backendName();
            m.launcher = m_distributed->launcher;
        }
        m.environment = m_environment;
        if (const char* image = std::getenv("CNNWB_IMAGE_TAG"); image != nullptr && *image != '\0')
            m.environment["container_image"] = image;
        char host[256] = {};
        if (::gethostname(host, sizeof host - 1) == 0)
            m.environment["hostname"] = host;
        m.startedAt = utcTimestamp();
        if (m_resume)
            m.resumedFrom = m_resume->info().experiment.model.name + " at " + m_resume->info().describePosition();
        saveRunManifest(m, m_config.outDir / "manifest.json");
        // The experiment alone too, so the run can be opened (File → Open) or trained again
        // (cnnwb train --experiment) like any other experiment file.
        saveExperiment(m.experiment, m_config.outDir / "experiment.json");
    }

    void checkResumable() const
    {
        const CheckpointInfo& saved = m_resume->info();
        const std::vector<std::string> problems = architectureMismatches(m_spec, *m_resume);
        if (!problems.empty()) {
            std::string list;
            for (std::size_t i = 0; i < problems.size() && i < 12; ++i)
                list += "\n  " + problems[i];
            if (problems.size() > 12)
                list += "\n  … and " + std::to_string(problems.size() - 12) + " more";
            throw Error(ErrorCode::InvalidArgument,
                "the checkpoint's model has another architecture than this one (" + std::to_string(problems.size())
                    + " difference" + (problems.size() == 1 ? "" : "s") + "):" + list);
        }
        if (!(saved.dataset.fingerprint == m_identity.fingerprint && saved.dataset.shape == m_identity.shape
                && saved.dataset.trainCount == m_identity.trainCount))
            throw Error(ErrorCode::InvalidArgument,
                "the checkpoint was trained on " + saved.dataset.describe() + " [" + saved.dataset.fingerprint
                    + "], not on this data: " + m_identity.describe() + " [" + m_identity.fingerprint
                    + "]; resuming on other data would not continue the same run",
                {m_data.info.root.string()});
        const int done = saved.epoch - 1;
        if (done >= m_config.epochs)
            throw Error(ErrorCode::InvalidArgument,
                "the checkpoint has already trained " + std::to_string(done) + " epoch" + (done == 1 ? "" : "s")
                    + "; ask for more than " + std::to_string(done) + " to continue it");
        const std::int64_t savedGlobal = std::int64_t{saved.experiment.training.batchSize} * saved.worldSize;
        const std::int64_t global = std::int64_t{m_config.batchSize} * (m_distributed ? m_distributed->worldSize : 1);
        if (saved.batch > 0 && savedGlobal != global)
            throw Error(ErrorCode::InvalidArgument,
                "the checkpoint stopped in the middle of an epoch with a global batch of " + std::to_string(savedGlobal)
                    + " (" + std::to_string(saved.experiment.training.batchSize) + " x "
                    + std::to_string(saved.worldSize) + " processes); resume it with that global batch, not "
                    + std::to_string(global));
    }

    void loadWeights()
    {
        const torch::NoGradGuard noGrad;
        std::map<std::string, torch::Tensor> saved(m_resume->state().model.begin(), m_resume->state().model.end());
        for (auto& item : m_model->named_parameters())
            item.value().copy_(saved.at(item.key()));
        for (auto& item : m_model->named_buffers())
            item.value().copy_(saved.at(item.key()));
    }

    void restoreGenerators()
    {
        const Checkpoint::State& saved = m_resume->state();
        if (saved.cpuGenerator.defined() && saved.cpuGenerator.numel() > 0) {
            auto generator = at::globalContext().defaultGenerator(at::kCPU);
            const std::lock_guard lock(generator.mutex());
            generator.set_state(saved.cpuGenerator);
        }
        if (m_device.is_cuda() && !saved.cudaGenerators.empty()) {
            const auto index = static_cast<std::size_t>(m_device.index());
            if (index < saved.cudaGenerators.size()) {
                auto generator = at::globalContext().defaultGenerator(m_device);
                const std::lock_guard lock(generator.mutex());
                generator.set_state(saved.cudaGenerators[index]);
            }
        }
    }

    // Everything needed to continue at `epoch` after `batch` of its batches, on the CPU.
    std::shared_ptr<const Checkpoint::State> captureState(const RunResult& result, int epoch, int batch,
        const std::mt19937_64& shuffle, double lossSum, std::int64_t correct, std::int64_t seen, std::int64_t step,
        int epochsWithoutImprovement)
    {
        auto state = std::make_shared<Checkpoint::State>();
        CheckpointInfo& info = state->info;
        info.experiment.model = m_spec;
        info.experiment.dataFolder = m_data.info.root;
        info.experiment.training = m_config;
        info.experiment.training.outDir.clear();
        info.dataset = m_identity;
        info.device = m_device.str();
        info.engineVersion = versionInfo().project;
        info.epoch = epoch;
        info.batch = batch;
        info.step = step;
        info.history = result.epochs;
        info.bestEpoch = result.bestEpoch;
        info.bestTestAccuracy = result.bestTestAccuracy;
        info.epochsWithoutImprovement = epochsWithoutImprovement;
        info.shuffleState = engineState(shuffle);
        info.partialLossSum = lossSum;
        info.partialCorrect = correct;
        info.partialSeen = seen;
        info.lossScale = m_lossScale;
        info.cleanSteps = m_cleanSteps;
        info.worldSize = m_group ? m_group->size() : 1;
        state->model = modelTensors(m_model);
        state->optimizer = optimizerTensors(*m_optimizer, m_model->parameters());
        {
            auto generator = at::globalContext().defaultGenerator(at::kCPU);
            const std::lock_guard lock(generator.mutex());
            state->cpuGenerator = generator.get_state();
        }
        if (m_device.is_cuda()) {
            const auto count = static_cast<int>(torch::cuda::device_count());
            for (int i = 0; i < count; ++i) {
                auto generator
                    = at::globalContext().defaultGenerator(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(i)));
                const std::lock_guard lock(generator.mutex());
                state->cudaGenerators.push_back(generator.get_state());
            }
        }
        return state;
    }

    // Automatic checkpoints: a failed write is reported and the run goes on; stopping hours of
    // training because a disk filled up would lose more than it protects.
    static void writeCheckpoint(
        const std::shared_ptr<const Checkpoint::State>& state, const std::filesystem::path& file)
    {
        try {
            Checkpoint(state).save(file);
        } catch (const Error& e) {
            logWarning(std::string("checkpoint not saved: ") + e.what());
        }
    }

    void saveRequested(const std::filesystem::path& file, const std::shared_ptr<const Checkpoint::State>& state)
    {
        std::string error;
        try {
            Checkpoint(state).save(file);
            logInfo("checkpoint saved to " + file.string() + " (" + state->info.describePosition() + ")");
        } catch (const Error& e) {
            error = e.what();
            logWarning("checkpoint not saved: " + error);
        }
        if (m_observer)
            m_observer->onCheckpointSaved(file, error);
    }

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

    // Reads the pending batches' loss and accuracy in one transfer, stops the run at the first
    // non-finite loss (naming its batch) and reports the batches to the observer.
    void reportBatches(std::vector<PendingBatch>& pending, int epoch, int batchesPerEpoch, std::int64_t seen,
        Clock::time_point epochStart)
    {
        if (pending.empty())
            return;
        // On the CPU the values are already readable; on a GPU they come over in one transfer.
        // Per batch: its loss, its correct count, and the loss that decides divergence (the ranks'
        // summed losses when distributed, so that all ranks stop at the same batch).
        std::vector<double> read(pending.size() * 3);
        const auto decisive = [](const PendingBatch& p) { return p.allRanksLoss.defined() ? p.allRanksLoss : p.loss; };
        if (pending.front().loss.is_cpu()) {
            for (std::size_t i = 0; i < pending.size(); ++i) {
                read[3 * i] = pending[i].loss.item<double>();
                read[3 * i + 1] = static_cast<double>(pending[i].correct.item<std::int64_t>());
                read[3 * i + 2] = decisive(pending[i]).item<double>();
            }
        } else {
            std::vector<torch::Tensor> values;
            values.reserve(pending.size() * 3);
            for (const PendingBatch& p : pending) {
                values.push_back(p.loss);
                values.push_back(p.correct.to(torch::kFloat64));
                values.push_back(decisive(p).to(torch::kFloat64));
            }
            const torch::Tensor host = torch::stack(values).to(torch::kCPU);
            std::copy_n(host.data_ptr<double>(), read.size(), read.begin());
        }
        const double imagesPerSecond = static_cast<double>(seen) / secondsSince(epochStart);
        for (std::size_t i = 0; i < pending.size(); ++i) {
            const PendingBatch& p = pending[i];
            const double lossValue = read[3 * i];
            if (!std::isfinite(read[3 * i + 2]))
                throw Error(ErrorCode::Diverged,
                    formatText("training diverged: the loss became %s at epoch %d, batch %d (learning rate "
                               "%g); try a lower learning rate, gradient clipping or BatchNorm",
                        std::isnan(read[3 * i + 2]) ? "NaN" : "infinite", epoch, p.batch, p.learningRate));
            if (m_observer) {
                BatchMetrics metrics;
                metrics.epoch = epoch;
                metrics.batch = p.batch;
                metrics.batchesPerEpoch = batchesPerEpoch;
                metrics.step = p.step;
                metrics.loss = lossValue;
                metrics.accuracy = read[3 * i + 1] / static_cast<double>(p.count);
                metrics.learningRate = p.learningRate;
                metrics.imagesPerSecond = imagesPerSecond;
                m_observer->onBatch(metrics);
            }
        }
        pending.clear();
    }

    struct EpochTotals {
        double lossSum = 0.0;
        std::int64_t correct = 0;
        std::int64_t seen = 0;
    };

    // The epoch's sums so far over all ranks (a collective when distributed).
    EpochTotals epochTotals(const torch::Tensor& lossSum, const torch::Tensor& correct, std::int64_t seen)
    {
        if (!m_group)
            return {lossSum.item<double>(), correct.item<std::int64_t>(), seen};
        torch::Tensor sums = torch::stack(
            {lossSum, correct.to(torch::kFloat64), torch::full({}, static_cast<double>(seen), lossSum.options())});
        m_group->allReduceSum(sums, "the sum of the epoch's training metrics");
        const torch::Tensor cpu = sums.to(torch::kCPU);
        const double* v = cpu.data_ptr<double>();
        return {v[0], std::llround(v[1]), std::llround(v[2])};
    }

    // Dropout draws from each rank's own stream: the same stream everywhere would drop the same
    // units for every rank's k-th image. Seeded from the seed, the rank and the step before every
    // step, so a resumed run (on as many ranks) draws exactly what the uninterrupted one drew.
    void reseedPerRank(int rank, std::int64_t step)
    {
        std::uint64_t seed = m_config.seed ^ 0x9e3779b97f4a7c15ULL;
        seed ^= (static_cast<std::uint64_t>(rank) + 1) * 0xbf58476d1ce4e5b9ULL;
        seed ^= (static_cast<std::uint64_t>(step) + 1) * 0x94d049bb133111ebULL;
        torch::manual_seed(seed);
    }

    void checkModelFitsData() const
    {
        if (!(m_spec.input == m_data.info.shape))
            throw Error(ErrorCode::InvalidArgument,
                "the model takes " + m_spec.input.toString() + " images but the dataset's are "
                    + m_data.info.shape.toString(),
                {m_data.info.root.string(), std::nullopt, std::nullopt,
                    m_spec.input.toString() + " vs " + m_data.info.shape.toString()});
        const ModelAnalysis analysis = analyzeModel(m_spec, static_cast<int>(m_classes));
        if (!analysis.valid())
            throw Error(ErrorCode::InvalidArgument, analysis.problems.front().message,
                {{}, std::nullopt,
                    analysis.problems.front().layerIndex >= 0 ? std::optional<int>(analysis.problems.front().layerIndex)
                                                              : std::nullopt});
    }

    // Augmentation runs per sample on the CPU (each sample's randomness comes from its own seed, so
    // the result does not depend on the thread count), spread over LibTorch's own intra-op pool so
    // it never competes with a second pool; the batch goes to the GPU from pinned memory.
    torch::Tensor augmentedBatch(
        const std::int64_t* indices, std::int64_t count, int epoch, const torch::Device& device)
    {
        const ImageShape& shape = m_data.info.shape;
        const auto options = torch::TensorOptions().dtype(torch::kFloat32).pinned_memory(device.is_cuda());
        torch::Tensor batch = torch::empty({count, shape.channels, shape.height, shape.width}, options);
        float* out = batch.data_ptr<float>();
        augmentBatch(
            m_data.train.pixels.data(), shape, indices, count, m_config.augmentation, m_config.seed, epoch, out);
        if (device.is_cpu())
            return batch;
        torch::Tensor onDevice = batch.to(device, /*non_blocking=*/true);
        return m_channelsLast ? onDevice.contiguous(at::MemoryFormat::ChannelsLast) : onDevice;
    }

    // CUDA only: cuDNN autotuning, channels-last memory and mixed precision. Chosen at run time.
    void setUpDevice(const torch::Device& device)
    {
        if (!device.is_cuda())
            return;
        at::globalContext().setBenchmarkCuDNN(true);
        m_channelsLast = true;
        PrecisionKind precision = m_config.precision;
        if (precision == PrecisionKind::Auto)
            precision = PrecisionKind::BFloat16; // Ampere and newer; bf16 needs no loss scaling
        m_autocast = precision != PrecisionKind::Float32;
        m_autocastType = precision == PrecisionKind::Float16 ? at::kHalf : at::kBFloat16;
        m_lossScale = precision == PrecisionKind::Float16 ? 65536.0 : 1.0;
    }

    // fp16 needs dynamic loss scaling (C++ has no GradScaler): scale up, unscale the gradients,
    // skip the step and halve the scale on overflow, double it after 2000 clean steps.
    // Distributed: the gradients are averaged over the ranks right after the backward pass (an
    // undefined loss means this rank had no images in the step, and contributes zeros).
    void backwardAndStep(const torch::Tensor& loss, torch::optim::Optimizer& optimizer, bool stopVote = false)
    {
        const auto exchange = [&] {
            if (!m_reducer)
                return;
            m_reducer->finish();
            m_stopVotes = m_reducer->stopVotes();
            m_lossSum = m_reducer->lossSum();
        };
        if (m_reducer)
            m_reducer->prepare(stopVote, loss); // the buckets fill (and go out) during backward()
        if (m_lossScale == 1.0) {
            if (loss.defined())
                loss.backward();
            exchange();
            clip();
            optimizer.step();
            return;
        }
        if (loss.defined())
            (loss * m_lossScale).backward();
        exchange();
        bool finite = true;
        {
            const torch::NoGradGuard noGrad;
            for (auto& p : m_model->parameters())
                if (p.grad().defined()) {
                    p.grad().div_(m_lossScale);
                    finite = finite && p.grad().isfinite().all().item<bool>();
                }
        }
        if (!finite) {
            m_lossScale /= 2.0;
            m_cleanSteps = 0;
            return;
        }
        clip();
        optimizer.step();
        if (++m_cleanSteps % 2000 == 0)
            m_lossScale *= 2.0;
    }

    void clip()
    {
        if (m_config.gradientClipNorm > 0.0)
            torch::nn::utils::clip_grad_norm_(m_model->parameters(), m_config.gradientClipNorm);
    }

    // Per-rank BatchNorm keeps a running mean and variance per rank; evaluation and checkpoints use
    // rank 0's on every rank (DDP sends them before every forward; only evaluation reads them).
    // Synchronized BatchNorm updates them from the global batch: they are equal already.
    void shareBatchNormStatistics()
    {
        if (!m_group || m_config.syncBatchNorm)
            return;
        std::vector<torch::Tensor> buffers = m_model->buffers();
        if (!buffers.empty())
            m_group->broadcastFromRank0(buffers, "the broadcast of rank 0's BatchNorm statistics");
    }

    Evaluation evaluate()
    {
        const torch::NoGradGuard noGrad; // grad mode is per thread: set where evaluation runs
        shareBatchNormStatistics();
        m_model->eval();
        const std::int64_t count = m_testImages.size(0);
        const auto device = m_testImages.device();
        // Distributed: each rank evaluates every world-th image from its rank on; the sums are
        // added up over the ranks, so every rank gets the whole split's metrics.
        const std::int64_t world = m_group ? m_group->size() : 1;
        const torch::Tensor images = m_testImages.slice(0, m_group ? m_group->rank() : 0, count, world);
        const torch::Tensor labels = m_testLabels.slice(0, m_group ? m_group->rank() : 0, count, world);
        const std::int64_t share = images.size(0);
        torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
        torch::Tensor confusion
            = torch::zeros({m_classes * m_classes}, torch::TensorOptions().dtype(torch::kInt64).device(device));
        for (std::int64_t begin = 0; begin < share; begin += m_config.evalBatchSize) {
            const std::int64_t end = std::min(share, begin + m_config.evalBatchSize);
            torch::Tensor logits;
            {
                const AutocastScope autocast(m_autocast, m_autocastType);
                logits = m_model->forward((*m_normalizer)(images.slice(0, begin, end), m_channelsLast))
                             .to(torch::kFloat32);
            }
            const torch::Tensor target = labels.slice(0, begin, end);
            lossSum += torch::nn::functional::cross_entropy(
                logits, target, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                           .to(torch::kFloat64);
            confusion.index_add_(0, target * m_classes + logits.argmax(1), torch::ones_like(target));
        }
        m_model->train();
        if (m_group) {
            // Counts stay exact in float64 up to 2^53.
            torch::Tensor sums = torch::cat({lossSum.reshape({1}), confusion.to(torch::kFloat64)});
            m_group->allReduceSum(sums, "the sum of the evaluation metrics");
            lossSum = sums[0];
            confusion = sums.slice(0, 1).round().to(torch::kInt64);
        }

        Evaluation result;
        const torch::Tensor cpu = confusion.to(torch::kCPU);
        result.confusion.assign(cpu.data_ptr<std::int64_t>(), cpu.data_ptr<std::int64_t>() + cpu.numel());
        std::int64_t right = 0;
        for (std::int64_t k = 0; k < m_classes; ++k) {
            const auto row = result.confusion.begin() + k * m_classes;
            const std::int64_t total = std::accumulate(row, row + m_classes, std::int64_t{0});
            const std::int64_t hit = result.confusion[static_cast<std::size_t>(k * m_classes + k)];
            right += hit;
            result.classAccuracy.push_back(total > 0 ? static_cast<double>(hit) / static_cast<double>(total) : 0.0);
        }
        result.loss = lossSum.item<double>() / static_cast<double>(count);
        result.accuracy = static_cast<double>(right) / static_cast<double>(count);
        return result;
    }

    const TrainConfig& m_config;
    ModelSpec m_spec;
    const Dataset& m_dataset;
    const Dataset::Data& m_data;
    TrainingObserver* m_observer;
    TrainingControl* m_control;
    std::int64_t m_classes;
    torch::nn::Sequential m_model{nullptr};
    torch::Tensor m_testImages;
    torch::Tensor m_testLabels;
    bool m_channelsLast = false;
    std::optional<BatchNormalizer> m_normalizer; ///< made once the device is known
    bool m_autocast = false;
    at::ScalarType m_autocastType = at::kBFloat16;
    double m_lossScale = 1.0;
    std::int64_t m_cleanSteps = 0;
    const Checkpoint* m_resume;
    std::map<std::string, std::string> m_environment;
    std::optional<RunManifest> m_manifest;
    DatasetIdentity m_identity;
    torch::Device m_device{torch::kCPU};
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    std::optional<DistributedSetup> m_distributed;
    std::shared_ptr<ProcessGroup> m_group; ///< set while a distributed run has more than one rank
    std::optional<GradientReducer> m_reducer;
    torch::Tensor m_stopVotes; ///< how many ranks asked to stop, from the last gradient exchange
    torch::Tensor m_lossSum;   ///< the ranks' losses summed, from the last gradient exchange
};

} // namespace

Trainer::Trainer(TrainConfig config, std::optional<ModelSpec> model)
    : m_config(std::move(config))
    , m_model(std::move(model))
{
}

void Trainer::setEnvironment(std::map<std::string, std::string> environment)
{
    m_environment = std::move(environment);
}

void Trainer::resumeFrom(Checkpoint checkpoint)
{
    m_resume = std::move(checkpoint);
}

void Trainer::setDistributed(DistributedSetup setup)
{
    m_distributed = std::move(setup);
}

RunResult Trainer::run(const Dataset& dataset, TrainingObserver* observer, TrainingControl* control)
{
    const int world = m_distributed ? m_distributed->worldSize : 1;
    if (m_resume && m_resume->info().worldSize != world
        && m_config.batchSize == m_resume->info().experiment.training.batchSize) {
        // Another number of processes continues the same run: keep its global batch, and with it
        // the batches, the steps per epoch and the learning-rate schedule.
        const CheckpointInfo& saved = m_resume->info();
        const std::int64_t global = std::int64_t{saved.experiment.training.batchSize} * saved.worldSize;
        if (global % world == 0) {
            m_config.batchSize = static_cast<int>(global / world);
            logInfo(formatText("the checkpoint ran on %d process(es): %d process(es) keep its global batch of %lld "
                               "with %d per process",
                saved.worldSize, world, static_cast<long long>(global), m_config.batchSize));
        } else if (saved.batch == 0) {
            // Between epochs any global batch can go on; this one changes, and the run says so.
            logWarning(formatText("the checkpoint's global batch of %lld cannot be shared evenly by %d processes: "
                                  "continuing with %d per process, a global batch of %lld",
                static_cast<long long>(global), world, m_config.batchSize,
                static_cast<long long>(m_config.batchSize) * world));
        } else {
            throw Error(ErrorCode::InvalidArgument,
                "the checkpoint stopped in the middle of an epoch with a global batch of " + std::to_string(global)
                    + " on " + std::to_string(saved.worldSize) + " processes, which " + std::to_string(world)
                    + " processes cannot share evenly; resume it on a number of processes that divides "
                    + std::to_string(global));
        }
    }
    validate(m_config);
    ModelSpec spec
        = m_model ? *m_model : seedModelSpec(dataset.info().shape, static_cast<int>(dataset.info().classNames.size()));
    if (m_resume && !m_model)
        spec = m_resume->info().experiment.model;
    // A held-out part of train replaces the test split for the whole run (metrics, early stopping,
    // best checkpoint); the test split is left alone for a final check.
    const Dataset data = m_config.validationFraction > 0.0
        ? dataset.holdOutValidation(m_config.validationFraction, m_config.validationSeed)
        : dataset;
    // Rank 0 alone writes the run's folder.
    TrainConfig config = m_config;
    if (m_distributed && m_distributed->rank != 0)
        config.outDir.clear();
    Run run(config, std::move(spec), data, observer, control, m_resume ? &*m_resume : nullptr, m_environment,
        m_distributed && m_distributed->distributed() ? m_distributed : std::nullopt);
    // Every failure leaves as engine::Error (front ends catch exactly that) and is noted in the manifest.
    const auto fail = [&run](Error error) -> Error {
        run.recordFailure(error.what());
        return error;
    };
    try {
        return run.execute();
    } catch (const Error& e) {
        throw fail(e);
    } catch (const c10::OutOfMemoryError& e) {
        // Free what the allocator holds so the program stays usable for a smaller run.
        if (torch::cuda::is_available())
            at::accelerator::emptyCache();
        throw fail(Error(ErrorCode::Device,
            std::string("out of GPU memory; try a smaller batch size (now ") + std::to_string(m_config.batchSize)
                + "). " + e.what_without_backtrace()));
    } catch (const c10::Error& e) {
        throw fail(Error(ErrorCode::Backend, std::string("LibTorch: ") + e.what_without_backtrace()));
    } catch (const std::exception& e) {
        throw fail(Error(ErrorCode::Backend, e.what()));
    }
}

} // namespace cnnwb::engine
