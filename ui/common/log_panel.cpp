#include "ui/common/log_panel.h"

#include <QFontDatabase>

#include <spdlog/common.h>

namespace cnnwb::ui {

LogPanel::LogPanel(QWidget* parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setMaximumBlockCount(5000); // bounded memory however long the session runs
    setPlaceholderText(tr("Messages from loading data and training appear here."));
}

QSize LogPanel::sizeHint() const
{
    return {QPlainTextEdit::sizeHint().width(), fontMetrics().lineSpacing() * 6};
}

void LogPanel::appendLine(const QString& line, int level)
{
    if (level >= spdlog::level::warn)
        appendHtml(QStringLiteral("<span style=\"color:#b00020\">%1</span>").arg(line.toHtmlEscaped()));
    else
        appendPlainText(line);
}

} // namespace cnnwb::ui
