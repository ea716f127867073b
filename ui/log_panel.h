#pragma once

#include <QPlainTextEdit>

namespace cnnwb::ui {

/// Read-only view of the program's log (the same lines as the log file), newest at the bottom.
class LogPanel : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);

public Q_SLOTS:
    void appendLine(const QString& line, int level);
};

} // namespace cnnwb::ui
