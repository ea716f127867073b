#include "cnnwb/engine/sweep/sweep_runner.h"

#include "sweep/trial_folder.h"
#include "sweep/trial_process.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"
#include "cnnwb/engine/core/phrase.h"
#include "cnnwb/engine/sweep/sweep_plan.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <memory>
#include <thread>

namespace cnnwb::engine {
namespace {

constexpr const char* kSweepFile = "sweep.json";
constexpr const char* kTrialFile = "sweep-trial.json"; // beside the trainer's own files, not one of them
constexpr int kRefreshEveryPolls = 4;

std::filesystem::path absoluteNormal(const std::filesystem::path& path)
{
    return path.empty() ? path : std::filesystem::absolute(path).lexically_normal();
}

// Paths as the folder's sweep.json gives them back, so that the two can be compared.
Experiment withAbsolutePaths(Experiment experiment)
{
    experiment.dataFolder = absoluteNormal(experiment.dataFolder);
    experiment.training.initialWeights = absoluteNormal(experiment.training.initialWeights);
    experiment.training.tensorboardDir = absoluteNormal(experiment.training.tensorboardDir);
    return experiment;
}

// The same sweep of the same experiment: how many run at once and how it is viewed may differ, and
// threads left to the machine take the ones the sweep was started with.
bool sameSweep(Experiment given, const Experiment& saved)
{
    if (given.training.threads == 0)
        given.training.threads = saved.training.threads;
    given.sweep.parallel = saved.sweep.parallel;
    given.sweep.view = saved.sweep.view;
    return experimentToJson(given) == experimentToJson(saved);
}

int gpuCount(const DeviceInfo& devices)
{
    return devices.cudaAvailable ? static_cast<int>(devices.gpuNames.size()) : 0;
}

bool trainsOnGpu(const std::string& device, const DeviceInfo& devices)
{
    return gpuCount(devices) > 0 && (device == "auto" || device.starts_with("cuda"));
}

// The record as the trial's folder shows it; `started` is what a begun, unsettled trial is called.
void takeFolder(TrialRecord& record, const TrialFolder& folder, TrialStatus started)
{
    takeEpochs(record, folder.epochs);
    if (folder.manifestStatus == "finished") {
        record.status = TrialStatus::Finished;
    } else if (folder.manifestStatus == "early-stopped") {
        record.status = TrialStatus::EarlyStopped;
    } else if (folder.manifestStatus == "failed") {
        record.status = TrialStatus::Failed;
        record.reason = folder.failure;
    } else if (folder.clean() && folder.manifestStatus == "stopped") {
        record.status = TrialStatus::Waiting;
    } else if (folder.started) {
        record.status = started;
    }
}

} // namespace

// ---- one run of a sweep ------------------------------------------------------------------------

class SweepSession {
public:
    SweepSession(const Experiment& experiment, const SweepRunOptions& options, const std::vector<Experiment>& trials,
        int parallel, std::vector<std::string> slotDevices)
        : m_experiment(experiment)
        , m_options(options)
        , m_trials(trials)
        , m_parallel(parallel)
        , m_slotDevices(std::move(slotDevices))
    {
    }

    SweepIndex run(SweepObserver* observer, TrainingControl* control);

private:
    struct Running {
        int trial = 0;
        int slot = 0;
        std::unique_ptr<TrialProcess> process;
    };

    void startIndex();
    bool runLevel(std::size_t level);
    [[nodiscard]] bool needsRun(int trial, int target) const;
    void launch(int trial, int target);
    bool reapEnded();
    void settleAfterExit(int trial, int exitCode);
    bool refreshRunning();
    void stopAll();
    void halve(std::size_t level);
    void waitForOtherTasks(std::size_t level);
    [[nodiscard]] int targetOf(int trial, std::size_t level) const;
    [[nodiscard]] std::vector<int> ownTrials() const;
    [[nodiscard]] std::filesystem::path folderOf(int trial) const { return m_options.folder / trialName(trial); }
    [[nodiscard]] bool stopRequested() const { return m_control != nullptr && m_control->stopRequested(); }
    void publish();
    void say(const Phrase& line);
    [[nodiscard]] std::string describeTrial(int trial) const;

    const Experiment& m_experiment;
    const SweepRunOptions& m_options;
    const std::vector<Experiment>& m_trials;
    int m_parallel;
    std::vector<std::string> m_slotDevices;
    std::vector<int> m_rungs;
    SweepIndex m_index;
    std::vector<Running> m_running;
    SweepObserver* m_observer = nullptr;
    TrainingControl* m_control = nullptr;
    bool m_stopping = false;
};

SweepIndex SweepSession::run(SweepObserver* observer, TrainingControl* control)
{
    m_observer = observer;
    m_control = control;
    if (m_experiment.sweep.halving.enabled)
        m_rungs = m_experiment.sweep.halving.rungs;
    startIndex();
    publish();
    bool stopped = false;
    for (std::size_t level = 0; level <= m_rungs.size() && !stopped; ++level) {
        // A task of an array job whose trial is settled has nothing to wait for at the later rungs.
        if (m_options.onlyTrial >= 0 && isSettled(m_index.trials[static_cast<std::size_t>(m_options.onlyTrial)].status))
            break;
        stopped = !runLevel(level);
        if (!stopped && level < m_rungs.size())
            halve(level);
    }
    if (m_options.onlyTrial >= 0) // the other tasks' trials as their folders say now
        for (TrialRecord& record : m_index.trials)
            if (record.index != m_options.onlyTrial && record.status != TrialStatus::Halved)
                takeFolder(record, readTrialFolder(folderOf(record.index)), TrialStatus::Running);
    m_index.running = false;
    const std::vector<int> own = ownTrials();
    m_index.complete = std::all_of(
        own.begin(), own.end(), [&](int t) { return isSettled(m_index.trials[static_cast<std::size_t>(t)].status); });
    publish();
    if (m_index.complete && m_options.onlyTrial < 0)
        say({"sweep complete: %1 trials", {std::to_string(m_index.trials.size())}});
    return m_index;
}

// Where every trial stands, from its folder: the index of a resumed sweep starts from what its trials left.
void SweepSession::startIndex()
{
    m_index.folder = m_options.folder;
    m_index.method = m_experiment.sweep.method;
    m_index.halving = m_experiment.sweep.halving.enabled;
    m_index.rungs = m_rungs;
    for (const SweepParameter& p : m_experiment.sweep.parameters) {
        m_index.keys.push_back(p.key);
        m_index.scales.push_back(p.isRange() ? p.scale : SweepScale::Linear);
    }
    const std::vector<SweepTrial> plan = planTrials(m_experiment);
    for (const SweepTrial& trial : plan) {
        TrialRecord record;
        record.index = trial.index;
        record.name = trialName(trial.index);
        record.values = trial.values;
        record.epochs = m_trials[static_cast<std::size_t>(trial.index)].training.epochs;
        takeFolder(record, readTrialFolder(folderOf(trial.index)), TrialStatus::Interrupted);
        m_index.trials.push_back(std::move(record));
    }
    m_index.running = true;
}

std::vector<int> SweepSession::ownTrials() const
{
    if (m_options.onlyTrial >= 0)
        return {m_options.onlyTrial};
    std::vector<int> all;
    for (const TrialRecord& t : m_index.trials)
        all.push_back(t.index);
    return all;
}

int SweepSession::targetOf(int trial, std::size_t level) const
{
    const int epochs = m_index.trials[static_cast<std::size_t>(trial)].epochs;
    return level < m_rungs.size() ? std::min(m_rungs[level], epochs) : epochs;
}

// ---- a level: every trial still in the sweep trains to the level's rung -------------------------

bool SweepSession::runLevel(std::size_t level)
{
    std::deque<int> queue;
    for (const int t : ownTrials())
        if (!isSettled(m_index.trials[static_cast<std::size_t>(t)].status) && needsRun(t, targetOf(t, level)))
            queue.push_back(t);
    int polls = 0;
    while (!queue.empty() || !m_running.empty()) {
        if (stopRequested()) {
            stopAll();
            return false;
        }
        while (static_cast<int>(m_running.size()) < m_parallel && !queue.empty()) {
            launch(queue.front(), targetOf(queue.front(), level));
            queue.pop_front();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(m_options.pollMilliseconds));
        bool changed = reapEnded();
        if (++polls % kRefreshEveryPolls == 0)
            changed = refreshRunning() || changed;
        if (changed)
            publish();
    }
    return !stopRequested();
}

// A trial killed mid-run (its manifest still says running) always continues: its last checkpoint
// may lie before the epochs its metrics show.
bool SweepSession::needsRun(int trial, int target) const
{
    const TrialFolder folder = readTrialFolder(folderOf(trial));
    if (folder.started && !folder.clean())
        return true;
    return static_cast<int>(folder.epochs.size()) < target;
}

void SweepSession::launch(int trial, int target)
{
    const std::filesystem::path folder = folderOf(trial);
    const TrialFolder state = readTrialFolder(folder);
    std::vector<std::string> arguments = {
        m_options.trainer.string(), "train", "--experiment", (folder / kTrialFile).string(), "--out", folder.string()};
    if (state.started && state.checkpoint) {
        arguments.insert(arguments.end(), {"--resume", (folder / "last.ckpt").string()});
    } else {
        arguments.emplace_back("--overwrite"); // a start killed before its first checkpoint starts again
    }
    TrialRecord& record = m_index.trials[static_cast<std::size_t>(trial)];
    // A killed trial may already show the target's epoch: it stops at the epoch it reaches again.
    const int stopAt = std::max(target, static_cast<int>(state.epochs.size()));
    if (stopAt < record.epochs)
        arguments.insert(arguments.end(), {"--stop-after-epoch", std::to_string(stopAt)});
    int slot = 0;
    while (std::any_of(m_running.begin(), m_running.end(), [&](const Running& r) { return r.slot == slot; }))
        ++slot;
    if (!m_slotDevices.empty())
        arguments.insert(
            arguments.end(), {"--device", m_slotDevices[static_cast<std::size_t>(slot) % m_slotDevices.size()]});
    m_running.push_back({trial, slot, std::make_unique<TrialProcess>(arguments, folder / "train.log")});
    record.status = TrialStatus::Running;
    record.reason.clear();
    say({state.started ? "%1 (%2) continues, to epoch %3" : "%1 (%2) starts, to epoch %3",
        {record.name, describeTrial(trial), std::to_string(std::min(stopAt, record.epochs))}});
    publish();
}

bool SweepSession::reapEnded()
{
    bool changed = false;
    for (auto it = m_running.begin(); it != m_running.end();) {
        if (const std::optional<int> code = it->process->poll()) {
            settleAfterExit(it->trial, *code);
            it = m_running.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    return changed;
}

void SweepSession::settleAfterExit(int trial, int exitCode)
{
    TrialRecord& record = m_index.trials[static_cast<std::size_t>(trial)];
    const TrialFolder folder = readTrialFolder(folderOf(trial));
    takeEpochs(record, folder.epochs);
    if (folder.manifestStatus == "finished") {
        record.status = TrialStatus::Finished;
    } else if (folder.manifestStatus == "early-stopped") {
        record.status = TrialStatus::EarlyStopped;
        record.reason = "its own early stopping: no better test accuracy for "
            + std::to_string(m_trials[static_cast<std::size_t>(trial)].training.earlyStoppingPatience) + " epochs";
    } else if (exitCode == 0 && folder.manifestStatus == "stopped") {
        record.status = record.epochsDone >= record.epochs ? TrialStatus::Finished : TrialStatus::Waiting;
    } else if (m_stopping) {
        record.status = TrialStatus::Interrupted;
    } else {
        record.status = TrialStatus::Failed;
        record.reason = !folder.failure.empty() ? folder.failure : lastError(folderOf(trial) / "train.log");
        say({"%1 failed: %2", {record.name, record.reason}});
    }
    if (record.status == TrialStatus::Finished)
        say({"%1 finished: best test accuracy %2 % in epoch %3",
            {record.name, fixedText(100.0 * record.bestTestAccuracy, 2), std::to_string(record.bestEpoch)}});
}

// The learning curves move while the trials train: their metrics.csv grows by a line an epoch.
bool SweepSession::refreshRunning()
{
    bool changed = false;
    for (const Running& r : m_running) {
        TrialRecord& record = m_index.trials[static_cast<std::size_t>(r.trial)];
        const std::vector<EpochMetrics> epochs = readTrialFolder(folderOf(r.trial)).epochs;
        if (static_cast<int>(epochs.size()) != record.epochsDone) {
            takeEpochs(record, epochs);
            changed = true;
        }
    }
    return changed;
}

void SweepSession::stopAll()
{
    m_stopping = true;
    for (Running& r : m_running)
        r.process->interrupt();
    for (Running& r : m_running)
        settleAfterExit(r.trial, r.process->wait());
    m_running.clear();
    say({"sweep stopped; the same command continues it", {}});
}

// ---- successive halving -------------------------------------------------------------------------

void SweepSession::halve(std::size_t level)
{
    const int rung = m_rungs[level];
    if (m_options.onlyTrial >= 0)
        waitForOtherTasks(level);
    std::vector<int> ranked;
    for (const TrialRecord& t : m_index.trials)
        if (t.epochs > rung && t.epochsDone >= rung)
            ranked.push_back(t.index);
    const auto accuracyAt = [&](int t) {
        return m_index.trials[static_cast<std::size_t>(t)].testAccuracy[static_cast<std::size_t>(rung - 1)];
    };
    std::stable_sort(ranked.begin(), ranked.end(), [&](int a, int b) { return accuracyAt(a) > accuracyAt(b); });
    const int keep = std::max(
        1, static_cast<int>(std::floor(static_cast<double>(ranked.size()) * m_experiment.sweep.halving.keep + 1e-9)));
    for (std::size_t rank = 0; rank < ranked.size(); ++rank) {
        TrialRecord& record = m_index.trials[static_cast<std::size_t>(ranked[rank])];
        if (static_cast<int>(rank) < keep || isSettled(record.status))
            continue;
        record.status = TrialStatus::Halved;
        record.halving = {rung, static_cast<int>(rank) + 1, static_cast<int>(ranked.size()), keep};
        const Phrase why{"successive halving at epoch %1: test accuracy %2 % ranked %3 of %4; the best %5 went on",
            {std::to_string(rung), fixedText(100.0 * accuracyAt(record.index), 2), std::to_string(rank + 1),
                std::to_string(ranked.size()), std::to_string(keep)}};
        record.reason = why.english();
        if (m_options.onlyTrial < 0 || m_options.onlyTrial == record.index)
            say({"%1 halved: %2", {record.name, why}});
    }
    publish();
}

// One task of an array job: the others train their trials at the same time, in the same folder.
// The rung's ranking waits until every trial still in the sweep has reached the rung.
void SweepSession::waitForOtherTasks(std::size_t level)
{
    for (;;) {
        bool ready = true;
        for (TrialRecord& record : m_index.trials) {
            if (record.status == TrialStatus::Halved)
                continue; // halved at an earlier rung by this task's own ranking
            const TrialFolder folder = readTrialFolder(folderOf(record.index));
            takeEpochs(record, folder.epochs);
            const bool settled = folder.manifestStatus == "finished" || folder.manifestStatus == "early-stopped"
                || folder.manifestStatus == "failed";
            ready = ready && (settled || (folder.clean() && record.epochsDone >= targetOf(record.index, level)));
        }
        if (ready || stopRequested())
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(4 * m_options.pollMilliseconds));
    }
}

// ---- telling -------------------------------------------------------------------------------------

void SweepSession::publish()
{
    saveSweepIndex(m_index);
    if (m_observer != nullptr)
        m_observer->onIndex(m_index);
}

void SweepSession::say(const Phrase& line)
{
    logInfo(line);
    if (m_observer != nullptr)
        m_observer->onMessage(line.english());
}

std::string SweepSession::describeTrial(int trial) const
{
    const TrialRecord& record = m_index.trials[static_cast<std::size_t>(trial)];
    std::string text;
    for (std::size_t i = 0; i < record.values.size(); ++i)
        text += (i == 0 ? "" : ", ") + m_index.keys[i] + " = " + sweepValueText(record.values[i]);
    return text;
}

// ---- the runner -----------------------------------------------------------------------------------

SweepRunner::SweepRunner(Experiment experiment, SweepRunOptions options)
    : m_experiment(withAbsolutePaths(std::move(experiment)))
    , m_options(std::move(options))
{
}

SweepIndex SweepRunner::run(SweepObserver* observer, TrainingControl* control)
{
    if (m_experiment.sweep.empty())
        throw Error(ErrorCode::InvalidArgument, "the experiment has no sweep: give its \"sweep\" settings to vary");
    validate(m_experiment.sweep);
    const DeviceInfo devices = probeDevices();
    const bool gpu = trainsOnGpu(m_experiment.training.device, devices);
    int parallel = m_options.parallel > 0 ? m_options.parallel : m_experiment.sweep.parallel;
    if (parallel == 0)
        parallel = std::max(1, gpu ? gpuCount(devices) : 1);
    m_options.folder = absoluteNormal(m_options.folder);
    m_options.trainer = absoluteNormal(m_options.trainer);
    std::filesystem::create_directories(m_options.folder);
    const std::filesystem::path savedFile = m_options.folder / kSweepFile;
    std::error_code ec;
    if (std::filesystem::exists(savedFile, ec)) {
        const Experiment saved = loadExperiment(savedFile);
        if (sameSweep(m_experiment, saved))
            m_experiment.training.threads = saved.training.threads;
        else if (!m_options.overwrite)
            throw Error(ErrorCode::InvalidArgument,
                "the folder holds another sweep (its sweep.json differs from this experiment); give this one another "
                "folder, or replace that one with --overwrite",
                {m_options.folder.string()});
        else
            for (const auto& entry : std::filesystem::directory_iterator(m_options.folder))
                std::filesystem::remove_all(entry.path());
    }
    // Fixed when the sweep starts and kept in sweep.json: results on the CPU depend on the threads.
    if (m_experiment.training.threads == 0)
        m_experiment.training.threads
            = std::max(1, static_cast<int>(std::max(1U, std::thread::hardware_concurrency())) / parallel);
    if (!std::filesystem::exists(savedFile, ec))
        saveExperiment(m_experiment, savedFile);
    m_trials.clear();
    for (const SweepTrial& trial : planTrials(m_experiment)) {
        m_trials.push_back(trialExperiment(m_experiment, trial));
        std::filesystem::create_directories(m_options.folder / trialName(trial.index));
        saveExperiment(m_trials.back(), m_options.folder / trialName(trial.index) / kTrialFile);
    }
    if (m_options.onlyTrial >= static_cast<int>(m_trials.size()))
        throw Error(ErrorCode::InvalidArgument,
            "the sweep has " + std::to_string(m_trials.size()) + " trials, not "
                + std::to_string(m_options.onlyTrial + 1));
    std::vector<std::string> slotDevices;
    if (gpu && gpuCount(devices) > 1)
        for (int g = 0; g < gpuCount(devices); ++g)
            slotDevices.push_back("cuda:" + std::to_string(g));
    SweepSession session(m_experiment, m_options, m_trials, parallel, std::move(slotDevices));
    return session.run(observer, control);
}

SweepIndex readSweep(const std::filesystem::path& folder)
{
    SweepIndex index = loadSweepIndex(folder);
    for (TrialRecord& record : index.trials)
        takeEpochs(record, readTrialFolder(folder / record.name).epochs);
    return index;
}

} // namespace cnnwb::engine
