#include "ui/training_worker.h"

#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/error.h"
#include "cnnwb/engine/log.h"
#include "cnnwb/engine/trainer.h"

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

    void onFinished(const engine::RunResult& /*result*/) override { flush(); }

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

TrainingWorker::TrainingWorker(QString dataFolder, engine::ModelSpec model, engine::TrainConfig config,
    std::shared_ptr<engine::TrainingControl> control)
    : m_dataFolder(std::move(dataFolder))
    , m_model(std::move(model))
    , m_config(std::move(config))
    , m_control(std::move(control))
{
}

void TrainingWorker::run()
{
    try {
        Q_EMIT statusChanged(tr("Loading %1…").arg(m_dataFolder));
        const engine::Dataset dataset = engine::Dataset::load(m_dataFolder.toStdString());
        if (m_control->stopRequested()) {
            Q_EMIT finished(engine::RunResult{.stopped = true});
        } else {
            ForwardingObserver observer(this);
            const engine::RunResult result
                = engine::Trainer(m_config, m_model).run(dataset, &observer, m_control.get());
            Q_EMIT finished(result);
        }
    } catch (const engine::Error& e) {
        engine::logger()->error("training failed: {}", e.what());
        Q_EMIT failed(QString::fromStdString(e.what()));
    } catch (const std::exception& e) {
        engine::logger()->error("training failed: {}", e.what());
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
    Q_EMIT done();
}

} // namespace cnnwb::ui
