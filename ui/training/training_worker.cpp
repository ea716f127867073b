#include "ui/training/training_worker.h"

#include "ui/common/engine_text.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/train/trainer.h"

#include <QElapsedTimer>

namespace cnnwb::ui {
namespace {

// Forwards the trainer's events as the worker's signals, holding per-batch values back briefly.
class ForwardingObserver : public engine::TrainingObserver {
public:
    explicit ForwardingObserver(TrainingWorker* worker)
        : m_worker(worker)
    {
        m_sinceFlush.start();
    }

    void onRunStarted(const engine::RunInfo& info) override { Q_EMIT m_worker->started(info); }

    void onBatch(const engine::BatchMetrics& metrics) override
    {
        m_pending.append(metrics);
        if (m_sinceFlush.elapsed() >= kFlushMs)
            flush();
    }

    void onEpoch(const engine::EpochMetrics& metrics) override
    {
        flush();
        Q_EMIT m_worker->epochFinished(metrics);
    }

    // Samples come every few dozen steps: few enough to pass on one by one.
    void onHealth(const engine::HealthSample& sample) override { Q_EMIT m_worker->healthSampled(sample); }

    void onEpochHealth(const engine::EpochHealth& health) override { Q_EMIT m_worker->epochHealthReady(health); }

    void onFinished(const engine::RunResult& /*result*/) override { flush(); }

    void onCheckpointSaved(const std::filesystem::path& file, const std::string& error) override
    {
        Q_EMIT m_worker->checkpointSaved(QString::fromStdString(file.string()), QString::fromStdString(error));
    }

    void flush()
    {
        if (!m_pending.isEmpty())
            Q_EMIT m_worker->batchesReady(m_pending);
        m_pending.clear();
        m_sinceFlush.restart();
    }

private:
    static constexpr qint64 kFlushMs = 50;
    TrainingWorker* m_worker;
    BatchMetricsList m_pending;
    QElapsedTimer m_sinceFlush;
};

} // namespace

TrainingWorker::TrainingWorker(QString dataFolder, engine::DataOptions data, engine::ModelSpec model,
    engine::TrainConfig config, std::shared_ptr<engine::TrainingControl> control,
    std::optional<engine::Checkpoint> resume)
    : m_dataFolder(std::move(dataFolder))
    , m_data(data)
    , m_model(std::move(model))
    , m_config(std::move(config))
    , m_control(std::move(control))
    , m_resume(std::move(resume))
{
}

void TrainingWorker::run()
{
    try {
        Q_EMIT statusChanged(tr("Loading %1…").arg(m_dataFolder));
        const engine::Dataset dataset = engine::Dataset::load(m_dataFolder.toStdString(), m_data);
        if (m_control->stopRequested()) {
            Q_EMIT finished(engine::RunResult{.stopped = true});
        } else {
            ForwardingObserver observer(this);
            engine::Trainer trainer(m_config, m_model);
            trainer.setEnvironment({{"front_end", "cnn-workbench"}, {"qt", qVersion()}});
            if (m_resume)
                trainer.resumeFrom(*m_resume);
            const engine::RunResult result = trainer.run(dataset, &observer, m_control.get());
            // A checkpoint asked for after the last batch: the run's final state is in last.ckpt.
            if (const auto file = m_control->takeCheckpointRequest())
                saveFinalCheckpoint(result, *file);
            Q_EMIT finished(result);
        }
    } catch (const engine::Error& e) {
        engine::logError({QT_TRANSLATE_NOOP("EngineText", "training failed: %1"), {e.what()}});
        Q_EMIT failed(EngineText::error(e));
    } catch (const std::exception& e) {
        engine::logError({QT_TRANSLATE_NOOP("EngineText", "training failed: %1"), {e.what()}});
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
    if (const auto file = m_control->takeCheckpointRequest())
        Q_EMIT checkpointSaved(QString::fromStdString(file->string()), tr("the training ended before it was saved"));
    Q_EMIT done();
}

void TrainingWorker::saveFinalCheckpoint(const engine::RunResult& result, const std::filesystem::path& file)
{
    QString error;
    try {
        if (result.lastCheckpointPath.empty() || !std::filesystem::exists(result.lastCheckpointPath))
            error = tr("the run ended without a checkpoint");
        else
            engine::Checkpoint::load(result.lastCheckpointPath).save(file);
    } catch (const engine::Error& e) {
        error = EngineText::error(e);
    }
    Q_EMIT checkpointSaved(QString::fromStdString(file.string()), error);
}

} // namespace cnnwb::ui
