#include "cnnwb/engine/core/log.h"

#include "core/log_sink.h"

#include <spdlog/spdlog.h>

#include <cstdarg>
#include <cstdio>

namespace cnnwb::engine {

std::shared_ptr<spdlog::logger> logger()
{
    if (auto named = spdlog::get(kLoggerName))
        return named;
    return spdlog::default_logger();
}

void logInfo(const std::string& message)
{
    logger()->info("{}", message);
}

void logWarning(const std::string& message)
{
    logger()->warn("{}", message);
}

std::string formatText(const char* format, ...)
{
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    const int size = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    std::string text(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
    if (size > 0)
        std::vsnprintf(text.data(), text.size() + 1, format, args);
    va_end(args);
    return text;
}

} // namespace cnnwb::engine
