#include "cnnwb/engine/train/training_control.h"

#include <utility>

namespace cnnwb::engine {

void TrainingControl::requestStop()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
}

void TrainingControl::pause()
{
    const std::lock_guard lock(m_mutex);
    m_paused = true;
}

void TrainingControl::resume()
{
    {
        const std::lock_guard lock(m_mutex);
        m_paused = false;
    }
    m_wake.notify_all();
}

void TrainingControl::requestCheckpoint(std::filesystem::path file)
{
    {
        const std::lock_guard lock(m_mutex);
        m_checkpointFile = std::move(file);
        m_checkpointPending = true;
    }
    m_wake.notify_all();
}

std::optional<std::filesystem::path> TrainingControl::takeCheckpointRequest()
{
    if (!m_checkpointPending.load()) // the trainer asks every batch: no lock on the common path
        return std::nullopt;
    const std::lock_guard lock(m_mutex);
    m_checkpointPending = false;
    return std::exchange(m_checkpointFile, std::nullopt);
}

void TrainingControl::waitWhilePaused()
{
    std::unique_lock lock(m_mutex);
    m_wake.wait(lock, [this] { return !m_paused || m_stop || m_checkpointPending; });
}

} // namespace cnnwb::engine
