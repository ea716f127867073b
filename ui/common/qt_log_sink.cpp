#include "ui/common/qt_log_sink.h"

#include "ui/common/engine_text.h"

#include "cnnwb/engine/core/logging.h"

#include <QCoreApplication>

#include <spdlog/pattern_formatter.h>

namespace cnnwb::ui {

QtLogSink::QtLogSink()
    : m_emitter(std::make_unique<LogEmitter>())
{
    // Only the time comes from spdlog's pattern: the level's word and the text are translated.
    set_formatter_(std::make_unique<spdlog::pattern_formatter>("%H:%M:%S", spdlog::pattern_time_type::local, ""));
}

QString QtLogSink::panelLine(const QString& time, int level, const QString& text)
{
    const char* word = nullptr;
    switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
        word = QT_TRANSLATE_NOOP("LogPanel", "debug");
        break;
    case spdlog::level::info:
        word = QT_TRANSLATE_NOOP("LogPanel", "info");
        break;
    case spdlog::level::warn:
        word = QT_TRANSLATE_NOOP("LogPanel", "warning");
        break;
    default:
        word = QT_TRANSLATE_NOOP("LogPanel", "error");
        break;
    }
    //: a line of the log panel: %1 = time, %2 = level (info, warning, …), %3 = the message
    return QCoreApplication::translate("LogPanel", "%1 %2: %3")
        .arg(time, QCoreApplication::translate("LogPanel", word), text);
}

void QtLogSink::sink_it_(const spdlog::details::log_msg& message)
{
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    const QString time = QString::fromUtf8(formatted.data(), static_cast<qsizetype>(formatted.size())).trimmed();
    // The sinks run on the logging thread, so the phrase of an engine line is still there to translate
    // (QCoreApplication::translate is thread-safe).
    const engine::Phrase* phrase = engine::phraseBeingLogged();
    const QString text = phrase
        ? EngineText::phrase(*phrase)
        : QString::fromUtf8(message.payload.data(), static_cast<qsizetype>(message.payload.size()));
    Q_EMIT m_emitter->lineLogged(
        panelLine(time, static_cast<int>(message.level), text.trimmed()), static_cast<int>(message.level));
}

} // namespace cnnwb::ui
