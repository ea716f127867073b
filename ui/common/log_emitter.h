#pragma once

#include <QObject>
#include <QString>

namespace cnnwb::ui {

/// Carries log lines from any thread to the GUI thread: emitting is thread-safe, and receivers
/// in the GUI thread get the signal queued.
class LogEmitter : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    void lineLogged(const QString& line, int level);
};

} // namespace cnnwb::ui
