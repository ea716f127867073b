#pragma once

#include <QPlainTextEdit>

namespace cnnwb::ui {

/// Read-only view of the program's log (the same lines as the log file), newest at the bottom.
class LogPanel : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);
    /// A few lines tall: the log is a side panel, the experiment is the main view.
    [[nodiscard]] QSize sizeHint() const override;

public Q_SLOTS:
    void appendLine(const QString& line, int level);
};

} // namespace cnnwb::ui
