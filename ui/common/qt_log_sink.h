#pragma once

#include "ui/common/log_emitter.h"

#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <mutex>

namespace cnnwb::ui {

/// An spdlog sink that hands each formatted line to a LogEmitter (and so to the log panel).
/// main() installs it; it may be called from any thread.
class QtLogSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    QtLogSink()
        : m_emitter(std::make_unique<LogEmitter>())
    {
    }

    [[nodiscard]] LogEmitter* emitter() const { return m_emitter.get(); }

protected:
    void sink_it_(const spdlog::details::log_msg& message) override
    {
        spdlog::memory_buf_t formatted;
        formatter_->format(message, formatted);
        auto line = QString::fromUtf8(formatted.data(), static_cast<qsizetype>(formatted.size())).trimmed();
        Q_EMIT m_emitter->lineLogged(line, static_cast<int>(message.level));
    }
    void flush_() override { }

private:
    std::unique_ptr<LogEmitter> m_emitter;
};

} // namespace cnnwb::ui
