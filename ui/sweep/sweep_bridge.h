#pragma once

#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/sweep/sweep_runner.h"
#include "cnnwb/engine/train/training_control.h"

#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <memory>

Q_DECLARE_METATYPE(cnnwb::engine::SweepIndex)

namespace cnnwb::ui {

/// Runs a sweep (engine::SweepRunner, which trains each trial as a `cnnwb train` process) on a
/// worker thread and hands its index to the GUI thread as queued value signals. The sweep lives in
/// its folder, so stopping (or closing the window) loses nothing: Run again continues it.
class SweepBridge : public QObject {
    Q_OBJECT
public:
    explicit SweepBridge(QObject* parent = nullptr);
    ~SweepBridge() override;
    SweepBridge(const SweepBridge&) = delete;
    SweepBridge& operator=(const SweepBridge&) = delete;

    /// Starts the sweep into `options.folder`; does nothing while one runs.
    void start(const engine::Experiment& experiment, const engine::SweepRunOptions& options);
    /// The trials stop after their current batch, keeping their checkpoints; returns at once.
    void stop();
    /// Stops and waits for the worker (the window closing).
    void stopAndWait();
    [[nodiscard]] bool isRunning() const noexcept { return m_running; }

    /// The cnnwb executable beside this program, else the one on the PATH; empty when there is none.
    [[nodiscard]] static QString trainerExecutable();

Q_SIGNALS:
    void runningChanged(bool running);
    /// After every change: a trial started, finished an epoch, ended.
    void indexChanged(const cnnwb::engine::SweepIndex& index);
    /// The sweep ended (complete or stopped).
    void finished(const cnnwb::engine::SweepIndex& index);
    void failed(const QString& message);

private:
    QPointer<QThread> m_thread;
    std::shared_ptr<engine::TrainingControl> m_control;
    bool m_running = false;
};

} // namespace cnnwb::ui
