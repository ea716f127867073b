#pragma once

#include "cnnwb/engine/train/training_observer.h"

#include <chrono>

namespace cnnwb::engine {
class TrainingControl;
}

namespace cnnwb::app {

/// Training progress on stdout, as the seed's loop printed it: the mean loss of every 100 batches,
/// then one line per epoch; on a terminal also a progress bar redrawn in place. It turns Ctrl-C
/// (interrupt.h) into a stop request on the training thread.
class ConsoleObserver : public engine::TrainingObserver {
public:
    explicit ConsoleObserver(bool progressBar)
        : m_progressBar(progressBar)
    {
    }

    void onRunStarted(const engine::RunInfo& info) override;
    void onBatch(const engine::BatchMetrics& m) override;
    void onEpoch(const engine::EpochMetrics& m) override;
    void onFinished(const engine::RunResult& result) override;

    void setControl(engine::TrainingControl* control) { m_control = control; }
    /// A resumed run reports the checkpoint's epochs first; they are marked as such.
    void setEpochsFromCheckpoint(int epochs) { m_epochsFromCheckpoint = epochs; }

private:
    void drawBar(const engine::BatchMetrics& m);
    void clearBar();

    engine::TrainingControl* m_control = nullptr;
    int m_epochsFromCheckpoint = 0;
    static constexpr int kReportEvery = 100;
    double m_runningLoss = 0.0;
    int m_epochs = 0;
    bool m_progressBar;
    bool m_barShown = false;
    std::chrono::steady_clock::time_point m_lastDraw{};
};

} // namespace cnnwb::app
