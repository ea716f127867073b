#pragma once

#include <QPointer>
#include <QThread>

#include <functional>

namespace cnnwb::ui {

/// Runs `job` on a thread of its own, which deletes itself (on the GUI thread) when the job ends.
/// The returned pointer turns null then, so a widget can keep it to wait for the job in its
/// destructor or before starting the next one. The job reports back with queued calls.
[[nodiscard]] QPointer<QThread> startWorkerThread(std::function<void()> job);

} // namespace cnnwb::ui
