#include "ui/common/worker_thread.h"

namespace cnnwb::ui {

QPointer<QThread> startWorkerThread(std::function<void()> job)
{
    QThread* thread = QThread::create(std::move(job));
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
    return thread;
}

} // namespace cnnwb::ui
