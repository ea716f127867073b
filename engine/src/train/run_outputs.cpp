#include "train/run_outputs.h"

#include "cnnwb/engine/core/logging.h"
#include "core/atomic_file.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/records/experiment.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <sstream>

namespace cnnwb::engine {

namespace {

// What a run leaves in its folder; a folder with any of them holds a run.
const std::array<const char*, 6> kRunFiles
    = {"manifest.json", "experiment.json", "metrics.csv", "model.pth", "last.ckpt", "best.ckpt"};

} // namespace

RunOutputs::RunOutputs(std::filesystem::path folder, bool continues, bool overwrite)
    : m_folder(std::move(folder))
    , m_continues(continues)
    , m_overwrite(overwrite)
{
}

RunOutputs::~RunOutputs()
{
    if (m_lock >= 0)
        ::close(m_lock); // releases the flock
}

void RunOutputs::lock()
{
    // The folder itself is locked (no lock file to leave behind), and flock is released when the
    // process ends however it ends, so a killed run leaves no stale lock.
    m_lock = ::open(m_folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_lock < 0)
        throw Error(
            ErrorCode::Io, std::string("cannot open the output folder: ") + std::strerror(errno), {m_folder.string()});
    if (::flock(m_lock, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_lock);
        m_lock = -1;
        throw Error(ErrorCode::InvalidArgument,
            "another run is writing into this folder; give this one another output folder", {m_folder.string()});
    }
}

void RunOutputs::claimFolder() const
{
    std::vector<std::filesystem::path> found;
    for (const char* name : kRunFiles)
        if (std::error_code ec; std::filesystem::exists(m_folder / name, ec))
            found.push_back(m_folder / name);
    if (found.empty() || m_continues)
        return;
    if (!m_overwrite)
        throw Error(ErrorCode::InvalidArgument,
            "the folder holds another run (" + found.front().filename().string()
                + " and more); give this one another output folder, continue that run with --resume "
                + (m_folder / "last.ckpt").string() + ", or replace it with --overwrite",
            {m_folder.string()});
    // Replaced whole, so that no file of the old run stays beside the new one's.
    for (const auto& file : found)
        if (std::error_code ec; !std::filesystem::remove(file, ec) && ec)
            throw Error(ErrorCode::Io,
                "cannot remove the earlier run's " + file.filename().string() + ": " + ec.message(), {file.string()});
    logInfo({"replacing the run in %1", {m_folder.string()}});
}

void RunOutputs::start(RunResult& result, RunManifest manifest)
{
    std::error_code ec;
    std::filesystem::create_directories(m_folder, ec);
    if (ec)
        throw Error(ErrorCode::Io, "cannot create output folder: " + ec.message(), {m_folder.string()});
    lock();
    claimFolder();
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
        logWarning({"checkpoint not saved: %1", {e.what()}});
    }
}

} // namespace cnnwb::engine
