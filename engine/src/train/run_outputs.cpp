#include "train/run_outputs.h"

#include "core/atomic_file.h"
#include "core/log_sink.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/records/experiment.h"

#include <sstream>

namespace cnnwb::engine {

RunOutputs::RunOutputs(std::filesystem::path folder)
    : m_folder(std::move(folder))
{
}

void RunOutputs::start(RunResult& result, RunManifest manifest)
{
    std::error_code ec;
    std::filesystem::create_directories(m_folder, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot create output folder: " + ec.message(), {m_folder.string()});
    result.weightsPath = m_folder / "model.pth";
    result.metricsPath = m_folder / "metrics.csv";
    result.lastCheckpointPath = m_folder / "last.ckpt";
    const RunManifest& m = m_manifest.emplace(std::move(manifest));
    saveRunManifest(m, m_folder / "manifest.json");
    saveExperiment(m.experiment, m_folder / "experiment.json");
}

void RunOutputs::saveMetrics(const std::vector<EpochMetrics>& epochs) const
{
    if (!enabled())
        return;
    std::ostringstream csv;
    csv << "epoch,train_loss,train_accuracy,test_loss,test_accuracy,images_per_second,seconds,learning_rate\n";
    csv.precision(6);
    for (const EpochMetrics& e : epochs)
        csv << e.epoch << ',' << e.trainLoss << ',' << e.trainAccuracy << ',' << e.testLoss << ',' << e.testAccuracy
            << ',' << e.imagesPerSecond << ',' << e.seconds << ',' << e.learningRate << '\n';
    writeFileAtomically(m_folder / "metrics.csv", csv.str());
}

void RunOutputs::saveCheckpoints(
    const std::shared_ptr<const Checkpoint::State>& state, bool best, RunResult& result) const
{
    if (!enabled())
        return;
    write(state, m_folder / "last.ckpt");
    if (best) {
        result.bestCheckpointPath = m_folder / "best.ckpt";
        write(state, result.bestCheckpointPath);
    }
}

void RunOutputs::saveLast(const std::shared_ptr<const Checkpoint::State>& state) const
{
    if (enabled())
        write(state, m_folder / "last.ckpt");
}

void RunOutputs::finish(const RunResult& result, torch::nn::Sequential& model)
{
    if (!enabled())
        return;
    writeFileAtomically(m_folder / "model.pth", stateDictBytes(modelTensors(model)));
    if (!m_manifest)
        return;
    m_manifest->status = result.stopped ? "stopped" : result.earlyStopped ? "early-stopped" : "finished";
    m_manifest->epochsDone = static_cast<int>(result.epochs.size());
    m_manifest->bestEpoch = result.bestEpoch;
    m_manifest->bestTestAccuracy = result.bestTestAccuracy;
    m_manifest->finishedAt = utcTimestamp();
    saveRunManifest(*m_manifest, m_folder / "manifest.json");
}

void RunOutputs::recordFailure(const std::string& message) noexcept
{
    if (!m_manifest)
        return;
    try {
        m_manifest->status = "failed";
        m_manifest->failure = message;
        m_manifest->finishedAt = utcTimestamp();
        saveRunManifest(*m_manifest, m_folder / "manifest.json");
    } catch (...) { // NOLINT(bugprone-empty-catch): the original error is what the caller needs
    }
}

void RunOutputs::write(const std::shared_ptr<const Checkpoint::State>& state, const std::filesystem::path& file)
{
    try {
        Checkpoint(state).save(file);
    } catch (const Error& e) {
        logWarning(std::string("checkpoint not saved: ") + e.what());
    }
}

} // namespace cnnwb::engine
