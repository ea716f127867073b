#include "train/run_insight.h"

#include "cnnwb/engine/core/logging.h"

#include <cmath>

namespace cnnwb::engine {
namespace {

std::string layerTag(const std::string& group, int layer, const std::string& kind)
{
    char index[16];
    std::snprintf(index, sizeof index, "%02d", layer);
    return group + "/" + index + "_" + kind;
}

} // namespace

RunInsight::RunInsight(const TrainConfig& config, const ModelSpec& spec, int classCount)
    : m_config(config)
    , m_spec(spec)
    , m_diagnostician(spec, classCount)
{
}

RunInsight::~RunInsight()
{
    if (m_tensorBoard && !m_finished) {
        try {
            m_tensorBoard->endSession(false);
        } catch (...) { // NOLINT(bugprone-empty-catch): a destructor says nothing more
        }
    }
}

HealthRecord RunInsight::start(torch::nn::Sequential model, const std::filesystem::path& runFolder,
    const HealthLog::Continuation& from, bool writes)
{
    m_probe.emplace(m_spec, std::move(model));
    m_writes = writes;
    HealthRecord kept;
    if (!writes)
        return kept;
    if (!runFolder.empty() && m_config.healthEvery > 0) {
        m_log = std::make_unique<HealthLog>(runFolder, from, kept);
        m_diagnostician.prime(kept.samples, from.epoch);
    }
    if (!m_config.tensorboardDir.empty())
        startTensorBoard(m_config.tensorboardDir, from);
    return kept;
}

void RunInsight::startTensorBoard(const std::filesystem::path& folder, const HealthLog::Continuation& from)
{
    m_tensorBoard = std::make_unique<TensorBoardWriter>(folder);
    // TensorBoard drops what an earlier file of this folder has from this step on: the continued
    // run measures it again, and the curves do not fold back on themselves.
    if (from.resumed)
        m_tensorBoard->restartAt(from.step);
    const TrainConfig& c = m_config;
    m_tensorBoard->hparams(
        {
            {"model", m_spec.name},
            {"layers", static_cast<double>(m_spec.layers.size())},
            {"optimizer", std::string(optimizerName(c.optimizer))},
            {"learning_rate", c.learningRate},
            {"batch_size", static_cast<double>(c.batchSize)},
            {"epochs", static_cast<double>(c.epochs)},
            {"momentum", c.momentum},
            {"weight_decay", c.weightDecay},
            {"schedule", std::string(scheduleName(c.schedule))},
            {"label_smoothing", c.labelSmoothing},
            {"augmentation", c.augmentation.any()},
            {"seed", static_cast<double>(c.seed)},
        },
        {"accuracy/test", "loss/test", "accuracy/train", "loss/train"});
    logInfo(
        {"TensorBoard files go to %1 (tensorboard --logdir %2)", {m_tensorBoard->file().string(), folder.string()}});
}

void RunInsight::startEpoch(int epoch)
{
    m_epoch = epoch;
    m_diagnostician.startEpoch(epoch);
}

bool RunInsight::samples(std::int64_t step) const noexcept
{
    return m_writes && m_probe && m_config.healthEvery > 0 && step % m_config.healthEvery == 0;
}

std::optional<HealthSample> RunInsight::afterStep(int epoch, std::int64_t step, const torch::Tensor& loss,
    double learningRate, const torch::Tensor& inputs, const torch::Tensor& targets)
{
    HealthSample sample
        = m_probe->afterStep(epoch, step, loss.defined() ? loss.detach().to(torch::kFloat64).item<double>() : NAN);
    if (sample.layers.empty())
        return std::nullopt; // a skipped fp16 step: nothing was updated
    // A streamed dataset's epoch probe: the newest sampled batch, at most kProbeImages of it.
    const std::int64_t keep = std::min<std::int64_t>(inputs.size(0), kProbeImages);
    m_lastInputs = inputs.narrow(0, 0, keep);
    m_lastTargets = targets.narrow(0, 0, keep);
    sample.fired = m_diagnostician.examine(sample, learningRate, m_config.learningRate);
    for (const Diagnosis& d : sample.fired)
        logWarning({"diagnosis: %1; try: %2", {d.message, d.suggestion}});
    if (m_log)
        m_log->write(sample);
    if (m_tensorBoard)
        writeTensorBoardSample(sample);
    return sample;
}

EpochHealth RunInsight::endEpoch(const std::vector<EpochMetrics>& history, const torch::Tensor& probeInputs,
    const torch::Tensor& probeTargets, const torch::nn::functional::CrossEntropyFuncOptions& loss)
{
    for (const Diagnosis& d : m_diagnostician.examineEpoch(history))
        if (m_writes) // every rank sees the same epoch: rank 0 says it
            logWarning({"diagnosis: %1; try: %2", {d.message, d.suggestion}});
    EpochHealth health;
    const torch::Tensor& inputs = probeInputs.defined() ? probeInputs : m_lastInputs;
    const torch::Tensor& targets = probeInputs.defined() ? probeTargets : m_lastTargets;
    if (m_writes && m_config.healthEvery > 0 && inputs.defined())
        health = m_probe->epochHealth(history.back().epoch, inputs, targets, loss);
    health.epoch = history.back().epoch;
    health.diagnoses = m_diagnostician.firedThisEpoch();
    if (m_log)
        m_log->write(health);
    if (m_tensorBoard)
        writeTensorBoardEpoch(history.back(), health);
    return health;
}

void RunInsight::finish(bool success)
{
    m_finished = true;
    if (m_tensorBoard)
        m_tensorBoard->endSession(success);
}

void RunInsight::writeTensorBoardSample(const HealthSample& s)
{
    TensorBoardWriter& tb = *m_tensorBoard;
    if (std::isfinite(s.loss))
        tb.scalar("loss/step", s.step + 1, s.loss);
    for (const LayerStats& l : s.layers) {
        const auto put = [&](const char* name, double v) {
            if (std::isfinite(v))
                tb.scalar(layerTag(std::string("health_") + name, l.layer, l.kind), s.step + 1, v);
        };
        put("update_ratio", l.updateRatio);
        put("gradient_norm", l.gradientNorm);
        put("weight_norm", l.weightNorm);
        put("dead_fraction", l.deadFraction);
        put("saturated_fraction", l.saturatedFraction);
        put("activation_std", l.activationStd);
    }
}

void RunInsight::writeTensorBoardEpoch(const EpochMetrics& m, const EpochHealth& health)
{
    TensorBoardWriter& tb = *m_tensorBoard;
    const std::int64_t step = m.steps;
    tb.scalar("loss/train", step, m.trainLoss);
    tb.scalar("loss/test", step, m.testLoss);
    tb.scalar("accuracy/train", step, m.trainAccuracy);
    tb.scalar("accuracy/test", step, m.testAccuracy);
    tb.scalar("learning_rate", step, m.learningRate);
    tb.scalar("images_per_second", step, m.imagesPerSecond);
    for (const LayerHistograms& l : health.layers) {
        tb.histogram(layerTag("weights", l.layer, l.kind), step, l.weights);
        tb.histogram(layerTag("gradients", l.layer, l.kind), step, l.gradients);
        tb.histogram(layerTag("activations", l.layer, l.kind), step, l.activations);
    }
    if (health.firstConvLayer >= 0) {
        tb.image(layerTag("filters", health.firstConvLayer, "Conv2d"), step, health.filters);
        tb.image(layerTag("feature_maps", health.firstConvLayer, "Conv2d"), step, health.featureMaps);
    }
}

} // namespace cnnwb::engine
