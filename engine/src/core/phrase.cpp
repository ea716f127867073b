#include "cnnwb/engine/core/phrase.h"

#include "cnnwb/engine/core/placeholders.h"

namespace cnnwb::engine {

PhraseValue::PhraseValue(Phrase phrase)
    : m_text(phrase.english())
    , m_phrase(std::make_shared<const Phrase>(std::move(phrase)))
{
}

std::string Phrase::english() const
{
    return fillPlaceholders(text, values, [](const PhraseValue& value) -> const std::string& { return value.text(); });
}

} // namespace cnnwb::engine
