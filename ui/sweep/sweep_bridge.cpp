#include "ui/sweep/sweep_bridge.h"

#include "ui/common/engine_text.h"
#include "ui/common/worker_thread.h"

#include "cnnwb/engine/core/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QStandardPaths>

namespace cnnwb::ui {
namespace {

// Called on the worker thread: queues the index to the bridge's (the GUI) thread.
class QueuedSweepObserver : public engine::SweepObserver {
public:
    explicit QueuedSweepObserver(SweepBridge* bridge)
        : m_bridge(bridge)
    {
    }
    void onIndex(const engine::SweepIndex& index) override
    {
        QMetaObject::invokeMethod(
            m_bridge, [bridge = m_bridge, index] { Q_EMIT bridge->indexChanged(index); }, Qt::QueuedConnection);
    }

private:
    QPointer<SweepBridge> m_bridge;
};

} // namespace

SweepBridge::SweepBridge(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<engine::SweepIndex>();
}

SweepBridge::~SweepBridge()
{
    stopAndWait();
}

QString SweepBridge::trainerExecutable()
{
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("cnnwb"));
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("cnnwb"));
}

void SweepBridge::start(const engine::Experiment& experiment, const engine::SweepRunOptions& options)
{
    if (m_running)
        return;
    m_control = std::make_shared<engine::TrainingControl>();
    m_running = true;
    Q_EMIT runningChanged(true);
    QPointer<SweepBridge> self(this);
    m_thread = startWorkerThread([self, experiment, options, control = m_control] {
        QueuedSweepObserver observer(self.data());
        QString error;
        engine::SweepIndex index;
        try {
            index = engine::SweepRunner(experiment, options).run(&observer, control.get());
        } catch (const engine::Error& e) {
            error = EngineText::error(e);
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, index, error] {
                if (!self)
                    return;
                self->m_running = false;
                if (error.isEmpty())
                    Q_EMIT self->finished(index);
                else
                    Q_EMIT self->failed(error);
                Q_EMIT self->runningChanged(false);
            },
            Qt::QueuedConnection);
    });
}

void SweepBridge::stop()
{
    if (m_control)
        m_control->requestStop();
}

void SweepBridge::stopAndWait()
{
    stop();
    if (m_thread)
        m_thread->wait();
}

} // namespace cnnwb::ui
