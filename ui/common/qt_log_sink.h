#pragma once

#include "ui/common/log_emitter.h"

#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <mutex>

namespace cnnwb::ui {

/// An spdlog sink that hands each line to a LogEmitter (and so to the log panel), in the user's
/// language: the engine's phrases are translated here (the log file and the terminal keep English).
/// main() installs it; it may be called from any thread.
class QtLogSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    QtLogSink();

    [[nodiscard]] LogEmitter* emitter() const { return m_emitter.get(); }
    /// "12:03:04 warning: text", with the level's word and the text translated.
    [[nodiscard]] static QString panelLine(const QString& time, int level, const QString& text);

protected:
    void sink_it_(const spdlog::details::log_msg& message) override;
    void flush_() override { }

private:
    std::unique_ptr<LogEmitter> m_emitter;
};

} // namespace cnnwb::ui
