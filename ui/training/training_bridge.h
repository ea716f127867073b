#pragma once

#include "ui/training/training_types.h"

#include "cnnwb/engine/data/data_options.h"

#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/training_control.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace cnnwb::ui {

/// Where the GUI thread and the training thread meet. Lives in the GUI thread; runs each training
/// on its own worker QThread and re-emits the worker's queued value signals here, so widgets are
/// only ever touched from the GUI thread. Destroying the bridge stops a run and joins the thread.
class TrainingBridge : public QObject {
    Q_OBJECT
public:
    explicit TrainingBridge(QObject* parent = nullptr);
    ~TrainingBridge() override;

    TrainingBridge(const TrainingBridge&) = delete;
    TrainingBridge& operator=(const TrainingBridge&) = delete;

    /// Starts a run (continuing `resume` when given); does nothing while one is running.
    void start(const QString& dataFolder, const engine::DataOptions& data, const engine::ModelSpec& model,
        const engine::TrainConfig& config, const std::optional<engine::Checkpoint>& resume = std::nullopt);
    /// Saves a checkpoint of the running training at its next batch boundary (also while
    /// paused); checkpointSaved reports the outcome.
    void requestCheckpoint(const QString& file);
    void pause();
    void resume();
    /// Asks the run to end after the current batch; returns at once.
    void stop();
    /// Stops and waits until the worker thread has ended (closing the window does this).
    void stopAndWait();

    [[nodiscard]] bool isRunning() const noexcept { return m_running; }
    /// Whether the worker thread exists right now (false once stopAndWait() has returned).
    [[nodiscard]] bool threadRunning() const { return m_thread.isRunning(); }
    [[nodiscard]] bool isPaused() const noexcept { return m_control && m_control->paused(); }

Q_SIGNALS:
    void runningChanged(bool running);
    void pausedChanged(bool paused);
    void statusChanged(const QString& message);
    void started(const cnnwb::engine::RunInfo& info);
    void batchesReady(const cnnwb::ui::BatchMetricsList& batches);
    void epochFinished(const cnnwb::engine::EpochMetrics& metrics);
    /// Every TrainConfig::healthEvery steps: each layer's statistics and what they made fire.
    void healthSampled(const cnnwb::engine::HealthSample& sample);
    /// After epochFinished: the epoch's histograms, filters and feature maps.
    void epochHealthReady(const cnnwb::engine::EpochHealth& health);
    void finished(const cnnwb::engine::RunResult& result);
    void failed(const QString& message);
    /// `error` is empty when the checkpoint was written.
    void checkpointSaved(const QString& file, const QString& error);

private:
    QThread m_thread;
    std::shared_ptr<engine::TrainingControl> m_control;
    bool m_running = false;
};

} // namespace cnnwb::ui
