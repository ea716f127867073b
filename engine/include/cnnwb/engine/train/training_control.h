#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>

namespace cnnwb::engine {

/// Stop / pause / resume for a running Trainer, from any thread. The trainer looks at it between
/// batches: a stop ends the run after the current batch (what was learned is kept), a pause blocks
/// until resume or stop.
class TrainingControl {
public:
    void requestStop();
    void pause();
    void resume();
    /// Ask for a checkpoint of the current state at the next batch boundary (also while paused).
    /// The trainer reports it through TrainingObserver::onCheckpointSaved.
    void requestCheckpoint(std::filesystem::path file);

    [[nodiscard]] bool stopRequested() const noexcept { return m_stop.load(); }
    [[nodiscard]] bool paused() const noexcept { return m_paused.load(); }

    /// For the trainer: returns at once unless paused; then blocks until resumed, stopped or a
    /// checkpoint is requested.
    void waitWhilePaused();
    /// For the trainer (and for whoever ran it, after it returned): the pending request, if any.
    [[nodiscard]] std::optional<std::filesystem::path> takeCheckpointRequest();

private:
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_checkpointPending{false};
    std::optional<std::filesystem::path> m_checkpointFile;
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace cnnwb::engine
