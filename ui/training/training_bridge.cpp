#include "ui/training/training_bridge.h"

#include "ui/training/training_worker.h"

namespace cnnwb::ui {

void registerTrainingTypes()
{
    qRegisterMetaType<engine::RunInfo>();
    qRegisterMetaType<engine::BatchMetrics>();
    qRegisterMetaType<BatchMetricsList>();
    qRegisterMetaType<engine::EpochMetrics>();
    qRegisterMetaType<engine::RunResult>();
    qRegisterMetaType<engine::HealthSample>();
    qRegisterMetaType<engine::EpochHealth>();
    qRegisterMetaType<engine::Diagnosis>();
    qRegisterMetaType<DiagnosisList>();
}

TrainingBridge::TrainingBridge(QObject* parent)
    : QObject(parent)
{
    registerTrainingTypes();
    m_thread.setObjectName(QStringLiteral("training"));
}

TrainingBridge::~TrainingBridge()
{
    stopAndWait();
}

void TrainingBridge::start(const QString& dataFolder, const engine::DataOptions& data, const engine::ModelSpec& model,
    const engine::TrainConfig& config, const std::optional<engine::Checkpoint>& resume)
{
    if (m_running)
        return;
    m_control = std::make_shared<engine::TrainingControl>();
    auto* worker = new TrainingWorker(dataFolder, data, model, config, m_control, resume);
    worker->moveToThread(&m_thread);
    // Queued: the worker emits from the training thread, these run in the GUI thread.
    connect(worker, &TrainingWorker::statusChanged, this, &TrainingBridge::statusChanged, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::started, this, &TrainingBridge::started, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::batchesReady, this, &TrainingBridge::batchesReady, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::epochFinished, this, &TrainingBridge::epochFinished, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::healthSampled, this, &TrainingBridge::healthSampled, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::epochHealthReady, this, &TrainingBridge::epochHealthReady, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::finished, this, &TrainingBridge::finished, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::failed, this, &TrainingBridge::failed, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::checkpointSaved, this, &TrainingBridge::checkpointSaved, Qt::QueuedConnection);
    connect(
        worker, &TrainingWorker::done, this,
        [this] {
            m_running = false;
            Q_EMIT runningChanged(false);
        },
        Qt::QueuedConnection);
    connect(worker, &TrainingWorker::done, worker, &QObject::deleteLater);
    if (!m_thread.isRunning())
        m_thread.start();
    m_running = true;
    Q_EMIT runningChanged(true);
    QMetaObject::invokeMethod(worker, &TrainingWorker::run, Qt::QueuedConnection);
}

void TrainingBridge::pause()
{
    if (!m_running || !m_control || m_control->paused())
        return;
    m_control->pause();
    Q_EMIT pausedChanged(true);
}

void TrainingBridge::resume()
{
    if (!m_control || !m_control->paused())
        return;
    m_control->resume();
    Q_EMIT pausedChanged(false);
}

void TrainingBridge::requestCheckpoint(const QString& file)
{
    if (m_running && m_control)
        m_control->requestCheckpoint(file.toStdString());
}

void TrainingBridge::stop()
{
    if (m_control)
        m_control->requestStop(); // also releases a paused run
}

void TrainingBridge::stopAndWait()
{
    stop();
    m_thread.quit(); // handled once the current run() has returned
    m_thread.wait();
}

} // namespace cnnwb::ui
