#pragma once

#include "ui/training/training_types.h"

#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/training_control.h"

#include <QObject>
#include <QString>

#include <memory>

namespace cnnwb::ui {

/// Runs one training on the bridge's worker thread: loads the dataset, trains, and reports back
/// through queued value signals. Per-batch metrics are batched (at most one signal per 50 ms and
/// one at each epoch's end), so a fast GPU run cannot flood the GUI thread's event queue.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    TrainingWorker(QString dataFolder, engine::DataOptions data, engine::ModelSpec model, engine::TrainConfig config,
        std::shared_ptr<engine::TrainingControl> control, std::optional<engine::Checkpoint> resume = std::nullopt);

    /// Called in the worker thread; returns when the run ends (finished, stopped or failed).
    void run();

Q_SIGNALS:
    void statusChanged(const QString& message);
    void started(const cnnwb::engine::RunInfo& info);
    void batchesReady(const cnnwb::ui::BatchMetricsList& batches);
    void epochFinished(const cnnwb::engine::EpochMetrics& metrics);
    void healthSampled(const cnnwb::engine::HealthSample& sample);
    void epochHealthReady(const cnnwb::engine::EpochHealth& health);
    void finished(const cnnwb::engine::RunResult& result);
    void failed(const QString& message);
    void checkpointSaved(const QString& file, const QString& error);
    /// Last signal of every run, after finished or failed.
    void done();

private:
    void saveFinalCheckpoint(const engine::RunResult& result, const std::filesystem::path& file);

    QString m_dataFolder;
    engine::DataOptions m_data;
    engine::ModelSpec m_model;
    engine::TrainConfig m_config;
    std::shared_ptr<engine::TrainingControl> m_control;
    std::optional<engine::Checkpoint> m_resume;
};

} // namespace cnnwb::ui
