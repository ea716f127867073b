#include "train/training_run.h"

#include "augment/augmented_batch.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"
#include "core/allocator_tuning.h"
#include "data/dataset_data.h"
#include "model/model_builder.h"
#include "train/evaluator.h"
#include "train/fine_tuning.h"
#include "train/optimizer_factory.h"
#include "train/resume.h"
#include "train/training_memory.h"
#include "train/weight_import.h"

#include "cnnwb/engine/augment/augmentation.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/threads.h"
#include "cnnwb/engine/core/version.h"
#include "cnnwb/engine/insight/class_metrics.h"
#include "cnnwb/engine/model/model_analysis.h"

#include <ATen/Context.h>
#include <ATen/DeviceAccelerator.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/utils.h>

#include <unistd.h>

#include <algorithm>
#include <numeric>
#include <sstream>

namespace cnnwb::engine {

TrainingRun::TrainingRun(RunInputs inputs)
    : m_config(inputs.config)
    , m_spec(std::move(inputs.spec))
    , m_dataset(inputs.dataset)
    , m_data(inputs.dataset.data())
    , m_observer(inputs.observer)
    , m_control(inputs.control)
    , m_classes(static_cast<std::int64_t>(m_data.info.classNames.size()))
    , m_resume(inputs.resume)
    , m_environment(std::move(inputs.environment))
    , m_distributed(std::move(inputs.distributed))
    , m_lossOptions(torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(m_config.labelSmoothing))
    , m_outputs(m_config.outDir, m_resume != nullptr, m_config.overwrite)
    , m_reporter(m_observer, 1)
    , m_insight(m_config, m_spec, static_cast<int>(m_classes))
    , m_shuffle(m_config.seed)
{
}

RunResult TrainingRun::execute()
{
    setUp();
    restore();
    startInsight();
    trainMode(m_model, m_spec);
    for (int epoch = m_firstEpoch; epoch <= m_config.epochs && !m_result.stopped; ++epoch) {
        if (reachedStopEpoch(epoch - 1))
            break;
        if (!runEpoch(epoch))
            break;
    }
    return finish();
}

// ---- set-up -------------------------------------------------------------------------------------

void TrainingRun::setUp()
{
    m_threads = configureThreads(m_config.threads);
    keepFreedMemoryForReuse();
    m_devices = probeDevices();
    chooseDevice();
    checkModelFitsData();
    if (m_resume || !m_config.outDir.empty())
        m_identity = identifyDataset(m_dataset);
    if (m_resume)
        checkResumable(*m_resume,
            {m_spec, m_identity, m_data.info.root, m_config.epochs,
                std::int64_t{m_config.batchSize} * (m_distributed ? m_distributed->worldSize : 1)});
    torch::manual_seed(m_config.seed);
    setUpDevice();
    m_normalizer.emplace(m_config.augmentation.normalize, m_data.info.shape.channels, m_device);
    if (m_distributed)
        m_parallel.emplace(*m_distributed, m_device, m_config.syncBatchNorm);
    buildNetwork();
    m_train = splitTensors(m_data.train, m_data.info.shape, m_device);
    m_test = splitTensors(m_data.test, m_data.info.shape, m_device);
    if (m_data.info.streamed)
        m_stream = std::make_unique<BatchStream>(m_dataset,
            BatchStream::Options{.workers = defaultStreamWorkers(),
                .depth = std::max(4, defaultStreamWorkers()), // every worker busy
                .pinned = m_device.is_cuda(),
                .augmentation = m_config.augmentation.any() ? &m_config.augmentation : nullptr,
                .seed = m_config.seed});
    // Each step takes the next `globalBatch` images of the epoch's permutation; rank r trains on
    // every world-th of them from position r (DistributedSampler's interleaving), so the ranks
    // together see exactly the batches one process with the global batch would.
    m_globalBatch = std::int64_t{m_config.batchSize} * world();
    m_batchesPerEpoch = static_cast<int>((m_data.train.size() + m_globalBatch - 1) / m_globalBatch);
    m_order.resize(static_cast<std::size_t>(m_data.train.size()));
    chooseProbeBatch();
    m_reporter = BatchReporter(m_observer, m_device.is_cuda() ? kBatchesPerRead : 1);
    announce();
    if (m_outputs.enabled())
        m_outputs.start(m_result, startManifest());
}

// The epoch's histograms and pictures come from the same images every epoch, spread over the
// training split (an ImageFolder's images are in class order). A streamed dataset has none in
// memory: the last sampled batch stands in.
void TrainingRun::chooseProbeBatch()
{
    const std::int64_t n = m_data.train.size();
    if (m_stream || !m_train.images.defined() || n == 0)
        return;
    const std::int64_t k = std::min(RunInsight::kProbeImages, n);
    const torch::Tensor index
        = torch::linspace(0, static_cast<double>(n - 1), k, torch::TensorOptions().dtype(torch::kFloat64))
              .to(torch::kInt64)
              .to(m_device);
    m_probeInputs = (*m_normalizer)(m_train.images.index_select(0, index), m_channelsLast);
    m_probeTargets = m_train.labels.index_select(0, index);
}

void TrainingRun::chooseDevice()
{
    m_device = torch::Device(resolveDevice(m_config.device, m_devices));
    // One GPU per process: a distributed run on CUDA takes the GPU of its local rank unless the
    // experiment names one.
    if (m_device.is_cuda() && m_distributed && m_config.device.find(':') == std::string::npos
        && !m_devices.gpuNames.empty())
        m_device = torch::Device(torch::kCUDA,
            static_cast<c10::DeviceIndex>(m_distributed->localRank % static_cast<int>(m_devices.gpuNames.size())));
    if (m_device.is_cuda() && m_distributed)
        at::accelerator::setDeviceIndex(m_device.index()); // before anything touches CUDA; NCCL follows it
}

void TrainingRun::checkModelFitsData() const
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
    checkTrainingMemory(analysis, m_config.batchSize, m_device.is_cpu());
}

// CUDA: cuDNN autotuning, channels-last memory and mixed precision, chosen at run time. The CPU
// takes channels-last from CIFAR's 32 x 32 up: oneDNN's NHWC convolutions fine-tune ResNet-18 at
// 224 px about 25 % faster (bench/finetune_vs_pytorch.sh), and at 32 x 32 the NHWC max pool is
// vectorized over the channels where the NCHW one is not (the seed CNN trains about 7 % faster,
// bench/train_vs_python.sh). Below (MNIST's 28 x 28, one channel) the standard layout stays.
void TrainingRun::setUpDevice()
{
    constexpr std::int64_t kChannelsLastPixels = 32 * 32;
    if (!m_device.is_cuda()) {
        m_channelsLast = std::int64_t{m_spec.input.height} * m_spec.input.width >= kChannelsLastPixels;
        return;
    }
    at::globalContext().setBenchmarkCuDNN(true);
    m_channelsLast = true;
    m_precision.configure(m_config.precision, m_device);
}

void TrainingRun::buildNetwork()
{
    m_model = buildModel(m_spec, m_parallel ? m_parallel->batchNormGroup() : nullptr);
    if (!m_config.initialWeights.empty())
        startFromWeights();
    if (m_resume)
        loadWeights(m_model, *m_resume);
    const ParameterGroups groups
        = freezeLayers(m_model, m_spec, m_pretrainedLayers, m_config.pretrainedLearningRateScale);
    m_learningRateScales = groups.learningRateScales;
    m_model->to(m_device);
    if (m_parallel)
        m_parallel->startFromRank0(m_model);
    if (m_channelsLast)
        for (auto& p : m_model->parameters())
            if (p.dim() == 4)
                p.set_data(p.data().contiguous(at::MemoryFormat::ChannelsLast));
    m_optimizer = makeOptimizer(m_config, groups.groups, groups.learningRateScales);
    if (m_resume)
        restoreOptimizer(*m_optimizer, m_config.optimizer, m_model->parameters(), m_resume->state().optimizer);
}

// Every rank reads the file (each needs the pretrained layers for its learning rates). A resumed
// run reads it again only to learn which layers were pretrained: its checkpoint's weights follow.
void TrainingRun::startFromWeights()
{
    try {
        const WeightsImport imported = importWeights(m_model, m_spec, m_config.initialWeights);
        m_pretrainedLayers = imported.layers;
        if (!m_resume)
            logInfo({"starting from weights: %1", {imported.describe()}});
    } catch (const Error&) {
        if (!m_resume)
            throw;
        // The file has moved since: every layer but the head counts as pretrained.
        for (int i = 0; i + 1 < static_cast<int>(m_spec.layers.size()); ++i)
            m_pretrainedLayers.push_back(i);
        logWarning({"the weights this run started from are no longer readable (%1): every layer but the last "
                    "keeps the pretrained learning rate",
            {m_config.initialWeights.string()}});
    }
}

void TrainingRun::announce()
{
    RunInfo& info = m_info;
    info.device = m_device.str();
    info.deviceName = m_device.is_cpu()
        ? "CPU (" + std::to_string(m_threads) + " threads)"
        : (m_devices.gpuNames.empty() ? info.device : m_devices.gpuNames.at(m_device.index()));
    for (const auto& p : m_model->parameters())
        info.parameterCount += p.numel();
    info.trainCount = m_data.train.size();
    info.testCount = m_data.test.size();
    info.evaluationSplit = m_data.info.evaluationSplit;
    info.batchesPerEpoch = m_batchesPerEpoch;
    info.epochs = m_config.epochs;
    info.worldSize = world();
    if (m_parallel)
        logInfo({"training %1 data-parallel on %2 processes (%3): this is %4, global batch %5 = %6 x %2",
            {m_spec.name, std::to_string(world()), m_parallel->group()->backendName(), m_distributed->describe(),
                std::to_string(m_globalBatch), std::to_string(m_config.batchSize)}});
    logInfo({"training %1 on %2 with %3 parameters, %4 batches of %5 per epoch",
        {m_spec.name, info.deviceName, std::to_string(info.parameterCount), std::to_string(m_batchesPerEpoch),
            std::to_string(m_globalBatch)}});
    if (m_classes == 1)
        logWarning({"the dataset has a single class: every prediction is right by construction, so accuracy will "
                    "read 100 %; a classifier needs a folder (or label) per class"});
    if (m_observer)
        m_observer->onRunStarted(info);
}

RunManifest TrainingRun::startManifest() const
{
    RunManifest m;
    m.experiment.model = m_spec;
    m.experiment.dataFolder = m_data.info.root;
    m.experiment.data = m_data.info.options; // the input size, resize and split the run saw
    m.experiment.training = m_config;
    m.experiment.training.outDir.clear();
    m.versions = versionInfo();
    m.dataset = m_identity;
    m.device = m_info.device;
    m.deviceName = m_info.deviceName;
    m.cpuThreads = m_threads;
    if (m_parallel) {
        m.worldSize = world();
        m.distributedBackend = m_parallel->group()->backendName();
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
    return m;
}

// ---- restore ------------------------------------------------------------------------------------

void TrainingRun::restore()
{
    if (!m_resume)
        return;
    const CheckpointInfo& saved = m_resume->info();
    m_firstEpoch = saved.epoch;
    m_resumeBatch = saved.batch;
    m_step = saved.step;
    std::istringstream(saved.shuffleState) >> m_shuffle;
    m_result.epochs = saved.history;
    m_result.bestEpoch = saved.bestEpoch;
    m_result.bestTestAccuracy = saved.bestTestAccuracy;
    m_epochsWithoutImprovement = saved.epochsWithoutImprovement;
    m_precision.restore(saved.lossScale, saved.cleanSteps);
    restoreGenerators(m_resume->state(), m_device);
    logInfo({"resuming at %1", {saved.positionPhrase()}});
    warnIfScheduleReplanned(saved.experiment.training);
    if (!m_result.epochs.empty())
        m_outputs.saveMetrics(m_result.epochs);
    if (m_observer)
        for (const EpochMetrics& metrics : m_result.epochs)
            m_observer->onEpoch(metrics);
}

void TrainingRun::startInsight()
{
    HealthLog::Continuation from{.resumed = m_resume != nullptr, .epoch = m_firstEpoch, .step = m_step};
    if (m_resume)
        from.earlierFolder = m_resume->state().file.parent_path();
    const HealthRecord kept
        = m_insight.start(m_model, m_outputs.enabled() ? m_config.outDir : std::filesystem::path(), from, rank() == 0);
    // As restore() reports the checkpoint's epochs: a window shows the whole record, not its rest.
    if (m_observer) {
        for (const HealthSample& sample : kept.samples)
            m_observer->onHealth(sample);
        for (const EpochHealth& epoch : kept.epochs)
            m_observer->onEpochHealth(epoch);
    }
}

// Cosine and one-cycle plan the learning rate over the run's epochs: continuing a run to more (or
// fewer) epochs than it planned re-plans the rest of the schedule, so the result differs from a run
// planned that long from the start. Say so rather than let a student compare the two unwarned.
void TrainingRun::warnIfScheduleReplanned(const TrainConfig& saved) const
{
    const bool planned = m_config.schedule == ScheduleKind::Cosine || m_config.schedule == ScheduleKind::OneCycle;
    if (!planned || saved.epochs == m_config.epochs)
        return;
    logWarning({"the checkpoint planned its %1 schedule over %2 epoch(s); continuing to %3 re-plans the learning "
                "rate from here as a %3-epoch run would have it, so the result differs from a run of %3 epochs from "
                "the start (docs/checkpoints-and-export.md)",
        {std::string(scheduleName(m_config.schedule)), std::to_string(saved.epochs), std::to_string(m_config.epochs)}});
}

// ---- one epoch ----------------------------------------------------------------------------------

bool TrainingRun::runEpoch(int epoch)
{
    Epoch e = beginEpoch(epoch);
    for (int batch = e.firstBatch; batch < m_batchesPerEpoch; ++batch) {
        if (!mayTakeStep(e, batch))
            break;
        trainStep(e, batch);
    }
    return endEpoch(e);
}

TrainingRun::Epoch TrainingRun::beginEpoch(int epoch)
{
    Epoch e;
    e.progress = {epoch, m_batchesPerEpoch, 0, 0, Clock::now()};
    e.shuffleAtStart = m_shuffle;
    std::iota(m_order.begin(), m_order.end(), 0);
    std::shuffle(m_order.begin(), m_order.end(), m_shuffle);
    e.permutation = torch::from_blob(m_order.data(), {m_data.train.size()}, torch::kInt64).to(m_device);
    e.lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(m_device));
    e.correct = torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(m_device));
    e.learningRate = m_config.learningRate;
    m_insight.startEpoch(epoch);
    if (epoch == m_firstEpoch && m_resumeBatch > 0) {
        e.firstBatch = std::min(m_resumeBatch, m_batchesPerEpoch);
        // The saved sums cover all ranks; rank 0 carries them on so they count once.
        if (rank() == 0) {
            e.lossSum.fill_(m_resume->info().partialLossSum);
            e.correct.fill_(m_resume->info().partialCorrect);
            e.progress.seen = m_resume->info().partialSeen;
            e.progress.resumed = e.progress.seen;
        }
        e.resumedSeen = m_resume->info().partialSeen;
    }
    if (m_stream)
        streamEpoch(epoch, e.firstBatch);
    return e;
}

void TrainingRun::streamEpoch(int epoch, int firstBatch)
{
    std::vector<std::vector<std::int64_t>> batches;
    const std::int64_t trainCount = m_data.train.size();
    for (int batch = firstBatch; batch < m_batchesPerEpoch; ++batch) {
        const std::int64_t begin = std::int64_t{batch} * m_globalBatch;
        const std::int64_t end = std::min(trainCount, begin + m_globalBatch);
        std::vector<std::int64_t>& indices = batches.emplace_back();
        for (std::int64_t i = begin + rank(); i < end; i += world()) // as sliceBatch takes them
            indices.push_back(m_order[static_cast<std::size_t>(i)]);
    }
    m_stream->startEpoch(epoch, std::move(batches));
}

// The stream's next batch, as batchInputs() makes it from memory: augmented floats go to the
// device as they are, plain bytes through the same normalizer.
torch::Tensor TrainingRun::streamedInputs()
{
    torch::Tensor batch = m_stream->next();
    if (m_config.augmentation.any()) {
        torch::Tensor onDevice = m_device.is_cpu() ? batch : batch.to(m_device, /*non_blocking=*/true);
        return m_channelsLast ? onDevice.contiguous(at::MemoryFormat::ChannelsLast) : onDevice;
    }
    return (*m_normalizer)(batch.to(m_device, /*non_blocking=*/true), m_channelsLast);
}

// Between steps: a stop agreed by the ranks, a checkpoint asked for, a pause, or a stop.
bool TrainingRun::mayTakeStep(Epoch& e, int batch)
{
    if (m_parallel && m_stopAgreed) {
        // Every rank got the same count of stop requests with the same step's gradients. The state
        // is taken on every rank: it sums over them.
        m_result.stopped = true;
        e.stoppedAt = batch;
        m_outputs.saveLast(midEpochState(e, batch));
        return false;
    }
    if (!m_control || m_parallel)
        return true;
    for (;;) {
        if (auto file = m_control->takeCheckpointRequest())
            saveRequested(*file, midEpochState(e, batch));
        if (m_control->stopRequested() || !m_control->paused())
            break;
        m_reporter.flush(e.progress); // show where it paused
        m_control->waitWhilePaused();
    }
    if (!m_control->stopRequested())
        return true;
    m_result.stopped = true;
    e.stoppedAt = batch;
    if (m_outputs.enabled())
        m_outputs.saveLast(midEpochState(e, batch));
    return false;
}

void TrainingRun::trainStep(Epoch& e, int batch)
{
    const BatchSlice slice = sliceBatch(e, batch);
    const torch::Tensor inputs = batchInputs(slice, e.progress.epoch);
    const torch::Tensor targets = m_train.labels.index_select(0, slice.index);

    e.learningRate = learningRateAt(m_config, m_step, m_batchesPerEpoch);
    for (std::size_t g = 0; g < m_optimizer->param_groups().size(); ++g)
        m_optimizer->param_groups()[g].options().set_lr(e.learningRate * m_learningRateScales.at(g));
    m_optimizer->zero_grad();
    if (m_parallel)
        m_parallel->reseed(m_config.seed, m_step);
    torch::Tensor logits;
    m_sampling = m_insight.samples(m_step) && slice.count > 0;
    const torch::Tensor loss = forwardLoss(inputs, targets, slice, logits);
    const bool stopVote = m_parallel && m_control && m_control->stopRequested();
    backwardAndStep(loss, stopVote);
    const std::int64_t step = m_step++;
    // Before recordStep, which throws on a diverged loss: the sample says what led up to it.
    if (m_sampling)
        noteHealth(e, step, inputs, targets, loss);
    m_sampling = false;
    recordStep(e, batch, slice, logits, targets, loss);
}

void TrainingRun::noteHealth(const Epoch& e, std::int64_t step, const torch::Tensor& inputs,
    const torch::Tensor& targets, const torch::Tensor& loss)
{
    const std::optional<HealthSample> sample
        = m_insight.afterStep(e.progress.epoch, step, loss, e.learningRate, inputs, targets);
    if (sample && m_observer)
        m_observer->onHealth(*sample);
}

TrainingRun::BatchSlice TrainingRun::sliceBatch(const Epoch& e, int batch)
{
    BatchSlice s;
    const std::int64_t trainCount = m_data.train.size();
    const int r = rank();
    const int w = world();
    s.begin = std::int64_t{batch} * m_globalBatch;
    s.end = std::min(trainCount, s.begin + m_globalBatch);
    s.count = s.end - s.begin > r ? (s.end - s.begin - r + w - 1) / w : 0;
    s.index = e.permutation.slice(0, std::min(s.end, s.begin + r), s.end, w);
    s.indices = m_order.data() + s.begin;
    if (w > 1) {
        m_localIndices.clear();
        for (std::int64_t i = s.begin + r; i < s.end; i += w)
            m_localIndices.push_back(m_order[static_cast<std::size_t>(i)]);
        s.indices = m_localIndices.data();
    }
    return s;
}

torch::Tensor TrainingRun::batchInputs(const BatchSlice& slice, int epoch)
{
    if (m_stream)
        return streamedInputs();
    if (m_config.augmentation.any())
        return augmentedBatch(slice.indices, slice.count, epoch);
    return (*m_normalizer)(m_train.images.index_select(0, slice.index), m_channelsLast);
}

// The step's loss, or none where this rank's share of a short last batch is empty: it still joins
// the gradient exchange (and synchronized BatchNorm's), with zero gradients.
torch::Tensor TrainingRun::forwardLoss(
    const torch::Tensor& inputs, const torch::Tensor& targets, const BatchSlice& slice, torch::Tensor& logits)
{
    if (slice.count == 0 && !(m_parallel && m_config.syncBatchNorm))
        return {};
    const AutocastScope autocast = m_precision.autocast();
    logits = (m_sampling ? m_insight.forward(inputs) : m_model->forward(inputs)).to(torch::kFloat32);
    if (world() == 1)
        return torch::nn::functional::cross_entropy(logits, targets, m_lossOptions);
    // The mean over the global batch once the ranks' gradients are averaged, also when the ranks'
    // shares of the last batch differ in size.
    const auto sum = torch::nn::functional::CrossEntropyFuncOptions()
                         .label_smoothing(m_config.labelSmoothing)
                         .reduction(torch::kSum);
    return torch::nn::functional::cross_entropy(logits, targets, sum)
        * (static_cast<double>(world()) / static_cast<double>(slice.end - slice.begin));
}

// Distributed: the gradients are averaged over the ranks right after the backward pass. fp16:
// the loss is scaled, and a step whose gradients overflow is skipped (MixedPrecision).
void TrainingRun::backwardAndStep(const torch::Tensor& loss, bool stopVote)
{
    if (m_parallel)
        m_parallel->startExchange(stopVote, loss); // the buckets fill (and go out) during backward()
    const bool scaled = m_precision.scaling();
    if (loss.defined())
        (scaled ? loss * m_precision.lossScale() : loss).backward();
    if (m_parallel)
        m_parallel->finishExchange();
    if (scaled && !m_precision.unscaleGradients(m_model->parameters()))
        return;
    clip();
    if (m_sampling)
        m_insight.beforeStep();
    m_optimizer->step();
    if (scaled)
        m_precision.countCleanStep();
}

void TrainingRun::recordStep(Epoch& e, int batch, const BatchSlice& slice, const torch::Tensor& logits,
    const torch::Tensor& targets, const torch::Tensor& loss)
{
    const torch::NoGradGuard noGrad;
    if (m_parallel && (m_device.is_cpu() || (batch + 1) % kBatchesPerRead == 0 || batch + 1 == m_batchesPerEpoch))
        m_stopAgreed = m_parallel->stopAgreed();
    const std::int64_t n = slice.count;
    if (n == 0)
        return;
    e.progress.seen += n;
    const torch::Tensor batchCorrect = logits.argmax(1).eq(targets).sum();
    // Per image, for the charts: a distributed rank's loss above is scaled to its share.
    const torch::Tensor batchLoss = world() == 1 ? loss.detach().to(torch::kFloat64)
                                                 : loss.detach().to(torch::kFloat64)
            * (static_cast<double>(slice.end - slice.begin) / static_cast<double>(world()) / static_cast<double>(n));
    e.lossSum += batchLoss * static_cast<double>(n);
    e.correct += batchCorrect;
    m_reporter.add({batch + 1, m_step - 1, n, e.learningRate, batchLoss, batchCorrect,
                       m_parallel ? m_parallel->ranksLossSum() : torch::Tensor()},
        e.progress);
}

// ---- end of an epoch ----------------------------------------------------------------------------

bool TrainingRun::endEpoch(Epoch& e)
{
    m_reporter.flush(e.progress);
    // A stopped epoch is not an epoch: it is not evaluated, charted or written to metrics.csv, and
    // last.ckpt (written where it stopped) continues it, so a resumed run reports it once, whole.
    if (m_result.stopped) {
        if (e.progress.seen > e.progress.resumed) {
            m_result.stoppedInEpoch = e.progress.epoch;
            m_result.stoppedAfterBatches = e.stoppedAt;
            logInfo({"stopped in epoch %1 after %2 of its %3 batches; last.ckpt continues from there",
                {std::to_string(e.progress.epoch), std::to_string(e.stoppedAt), std::to_string(m_batchesPerEpoch)}});
        }
        return false;
    }
    const EpochTotals totals = epochTotals(e);
    if (totals.seen == 0)
        return false; // an epoch without batches: nothing to report
    m_result.epochs.push_back(measureEpoch(e, totals));
    const EpochHealth health = m_insight.endEpoch(m_result.epochs, m_probeInputs, m_probeTargets, m_lossOptions);
    m_result.epochs.back().diagnoses = health.diagnoses;
    const EpochMetrics& metrics = m_result.epochs.back();
    logInfo({"epoch %1: train loss %2, test accuracy %3 %, %4 img/s, %5 s",
        {std::to_string(metrics.epoch), fixedText(metrics.trainLoss, 4), fixedText(100.0 * metrics.testAccuracy, 2),
            fixedText(metrics.imagesPerSecond, 0), fixedText(metrics.seconds, 1)}});
    m_outputs.saveMetrics(m_result.epochs);
    const bool best = judgeEpoch(metrics);
    // The next epoch starts from here: its shuffle has not happened yet.
    if (m_outputs.enabled())
        m_outputs.saveCheckpoints(captureState(metrics.epoch + 1, 0, m_shuffle, {}), best, m_result);
    if (m_observer) {
        m_observer->onEpoch(metrics);
        m_observer->onEpochHealth(health);
    }
    return !stopsEarly(metrics.epoch) && !reachedStopEpoch(metrics.epoch);
}

// A resumed run may start past its stop epoch: it then stops before training anything.
bool TrainingRun::reachedStopEpoch(int epochsDone)
{
    if (m_config.stopAfterEpoch <= 0 || epochsDone < m_config.stopAfterEpoch || epochsDone >= m_config.epochs)
        return false;
    m_result.stopped = true;
    m_result.reachedStopEpoch = true;
    logInfo({"stopped after epoch %1 of %2, as asked; last.ckpt continues from there",
        {std::to_string(epochsDone), std::to_string(m_config.epochs)}});
    return true;
}

EpochMetrics TrainingRun::measureEpoch(const Epoch& e, const EpochTotals& totals)
{
    const double trainSeconds = secondsSince(e.progress.start);
    shareBatchNormStatistics();
    const EvaluationResult test = Evaluator(m_model, *m_normalizer, static_cast<int>(m_classes))
                                      .channelsLast(m_channelsLast)
                                      .precision(&m_precision)
                                      .shardOver(m_parallel ? m_parallel->group().get() : nullptr)
                                      .run(m_dataset, Split::Test, m_test, m_config.evalBatchSize);
    const ClassificationReport report = classificationReport(test.confusion, static_cast<int>(m_classes));
    EpochMetrics metrics;
    metrics.epoch = e.progress.epoch;
    metrics.trainLoss = totals.lossSum / static_cast<double>(totals.seen);
    metrics.trainAccuracy = static_cast<double>(totals.correct) / static_cast<double>(totals.seen);
    metrics.testLoss = test.loss;
    metrics.testAccuracy = report.accuracy;
    // Images trained in this process: a resumed epoch's earlier part was trained before the resume.
    metrics.imagesPerSecond = static_cast<double>(totals.seen - e.resumedSeen) / trainSeconds;
    metrics.seconds = secondsSince(e.progress.start);
    if (m_stream) {
        metrics.dataWaitSeconds = m_stream->waitedSeconds() - m_waitBefore;
        m_waitBefore = m_stream->waitedSeconds();
        logInfo({"streamed: the steps waited %1 s for images, %2 % of the epoch's training time",
            {fixedText(metrics.dataWaitSeconds, 2), fixedText(100.0 * metrics.dataWaitSeconds / trainSeconds, 1)}});
    }
    metrics.learningRate = e.learningRate;
    metrics.steps = m_step;
    for (const ClassMetrics& c : report.classes)
        metrics.testClassAccuracy.push_back(c.recall);
    metrics.confusion = test.confusion;
    return metrics;
}

// Whether a finished epoch is the best so far (it then goes into best.ckpt).
bool TrainingRun::judgeEpoch(const EpochMetrics& metrics)
{
    if (m_result.bestEpoch == 0 || metrics.testAccuracy > m_result.bestTestAccuracy) {
        m_result.bestEpoch = metrics.epoch;
        m_result.bestTestAccuracy = metrics.testAccuracy;
        m_epochsWithoutImprovement = 0;
        return true;
    }
    ++m_epochsWithoutImprovement;
    return false;
}

bool TrainingRun::stopsEarly(int epoch)
{
    if (m_config.earlyStoppingPatience <= 0 || m_epochsWithoutImprovement < m_config.earlyStoppingPatience
        || epoch >= m_config.epochs)
        return false;
    m_result.earlyStopped = true;
    logInfo({"early stop after epoch %1: no better test accuracy for %2 epochs (best %3 % in epoch %4)",
        {std::to_string(epoch), std::to_string(m_epochsWithoutImprovement),
            fixedText(100.0 * m_result.bestTestAccuracy, 2), std::to_string(m_result.bestEpoch)}});
    return true;
}

// ---- finish -------------------------------------------------------------------------------------

RunResult TrainingRun::finish()
{
    m_outputs.finish(m_result, m_model);
    m_insight.finish(true);
    if (m_observer)
        m_observer->onFinished(m_result);
    return m_result;
}

// ---- helpers ------------------------------------------------------------------------------------

// The epoch's sums so far over all ranks (a collective when distributed).
EpochTotals TrainingRun::epochTotals(const Epoch& e)
{
    if (!m_parallel)
        return {e.lossSum.item<double>(), e.correct.item<std::int64_t>(), e.progress.seen};
    return m_parallel->sum(e.lossSum, e.correct, e.progress.seen);
}

std::shared_ptr<const Checkpoint::State> TrainingRun::midEpochState(Epoch& e, int batch)
{
    m_reporter.flush(e.progress);
    shareBatchNormStatistics();
    return captureState(e.progress.epoch, batch, e.shuffleAtStart, epochTotals(e));
}

void TrainingRun::shareBatchNormStatistics()
{
    if (m_parallel)
        m_parallel->shareBatchNormStatistics(m_model);
}

// Everything needed to continue at `epoch` after `batch` of its batches, on the CPU.
std::shared_ptr<const Checkpoint::State> TrainingRun::captureState(
    int epoch, int batch, const std::mt19937_64& shuffle, const EpochTotals& partial)
{
    auto state = std::make_shared<Checkpoint::State>();
    CheckpointInfo& info = state->info;
    info.experiment.model = m_spec;
    info.experiment.dataFolder = m_data.info.root;
    info.experiment.data = m_data.info.options;
    info.experiment.training = m_config;
    info.experiment.training.outDir.clear();
    info.dataset = m_identity;
    info.device = m_device.str();
    info.engineVersion = versionInfo().project;
    info.epoch = epoch;
    info.batch = batch;
    info.step = m_step;
    info.history = m_result.epochs;
    info.bestEpoch = m_result.bestEpoch;
    info.bestTestAccuracy = m_result.bestTestAccuracy;
    info.epochsWithoutImprovement = m_epochsWithoutImprovement;
    info.shuffleState = engineState(shuffle);
    info.partialLossSum = partial.lossSum;
    info.partialCorrect = partial.correct;
    info.partialSeen = partial.seen;
    info.lossScale = m_precision.lossScale();
    info.cleanSteps = m_precision.cleanSteps();
    info.worldSize = world();
    state->model = modelTensors(m_model);
    state->optimizer = optimizerTensors(*m_optimizer, m_model->parameters());
    captureGenerators(*state, m_device);
    return state;
}

void TrainingRun::saveRequested(
    const std::filesystem::path& file, const std::shared_ptr<const Checkpoint::State>& state)
{
    std::string error;
    try {
        Checkpoint(state).save(file);
        logInfo({"checkpoint saved to %1 (%2)", {file.string(), state->info.positionPhrase()}});
    } catch (const Error& e) {
        error = e.what();
        logWarning({"checkpoint not saved: %1", {error}});
    }
    if (m_observer)
        m_observer->onCheckpointSaved(file, error);
}

// Augmentation runs per sample on the CPU (each sample's randomness comes from its own seed, so
// the result does not depend on the thread count), spread over LibTorch's own intra-op pool so
// it never competes with a second pool; the batch goes to the GPU from pinned memory.
torch::Tensor TrainingRun::augmentedBatch(const std::int64_t* indices, std::int64_t count, int epoch)
{
    const ImageShape& shape = m_data.info.shape;
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).pinned_memory(m_device.is_cuda());
    torch::Tensor batch = torch::empty({count, shape.channels, shape.height, shape.width}, options);
    float* out = batch.data_ptr<float>();
    augmentBatch(m_data.train.pixels.data(), shape, indices, count, m_config.augmentation, m_config.seed, epoch, out);
    torch::Tensor onDevice = m_device.is_cpu() ? batch : batch.to(m_device, /*non_blocking=*/true);
    return m_channelsLast ? onDevice.contiguous(at::MemoryFormat::ChannelsLast) : onDevice;
}

void TrainingRun::clip()
{
    if (m_config.gradientClipNorm > 0.0)
        torch::nn::utils::clip_grad_norm_(m_model->parameters(), m_config.gradientClipNorm);
}

} // namespace cnnwb::engine
