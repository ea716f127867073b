#include "cnnwb/engine/core/log.h"

#include "cnnwb/engine/core/logging.h"

#include <spdlog/spdlog.h>

namespace cnnwb::engine {
namespace {

thread_local const Phrase* tPhraseBeingLogged = nullptr;

void logPhrase(spdlog::level::level_enum level, const Phrase& phrase)
{
    const std::shared_ptr<spdlog::logger> target = logger();
    if (!target->should_log(level))
        return;
    const std::string text = phrase.english();
    // spdlog's sinks run on this thread, inside log(): for that long they can see the phrase.
    struct Showing {
        explicit Showing(const Phrase& shown) { tPhraseBeingLogged = &shown; }
        ~Showing() { tPhraseBeingLogged = nullptr; }
        Showing(const Showing&) = delete;
        Showing& operator=(const Showing&) = delete;
    } showing(phrase);
    target->log(level, "{}", text);
}

} // namespace

std::shared_ptr<spdlog::logger> logger()
{
    if (auto named = spdlog::get(kLoggerName))
        return named;
    return spdlog::default_logger();
}

void logInfo(const Phrase& phrase)
{
    logPhrase(spdlog::level::info, phrase);
}

void logWarning(const Phrase& phrase)
{
    logPhrase(spdlog::level::warn, phrase);
}

void logError(const Phrase& phrase)
{
    logPhrase(spdlog::level::err, phrase);
}

const Phrase* phraseBeingLogged() noexcept
{
    return tPhraseBeingLogged;
}

} // namespace cnnwb::engine
