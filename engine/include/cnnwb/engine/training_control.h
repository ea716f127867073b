#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace cnnwb::engine {

/// Stop / pause / resume for a running Trainer, from any thread. The trainer looks at it between
/// batches: a stop ends the run after the current batch (what was learned is kept), a pause blocks
/// until resume or stop.
class TrainingControl {
public:
    void requestStop();
    void pause();
    void resume();

    [[nodiscard]] bool stopRequested() const noexcept { return m_stop.load(); }
    [[nodiscard]] bool paused() const noexcept { return m_paused.load(); }

    /// For the trainer: returns at once unless paused; then blocks until resumed or stopped.
    void waitWhilePaused();

private:
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace cnnwb::engine
