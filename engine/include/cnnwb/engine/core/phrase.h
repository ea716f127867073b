#pragma once

#include <memory>
#include <string>
#include <vector>

namespace cnnwb::engine {

struct Phrase;

/// A value in a phrase: text as the engine writes it (a number, a path, a dataset's name), or a
/// phrase of its own ("epoch 3 of 10 done") that a front end translates too.
class PhraseValue {
public:
    PhraseValue(std::string text) // NOLINT(google-explicit-constructor): values are written as {"a", b}
        : m_text(std::move(text))
    {
    }
    PhraseValue(const char* text) // NOLINT(google-explicit-constructor)
        : m_text(text)
    {
    }
    PhraseValue(Phrase phrase); // NOLINT(google-explicit-constructor)

    /// The value in English (a phrase's filled in).
    [[nodiscard]] const std::string& text() const noexcept { return m_text; }
    /// The phrase this value is, or null for plain text.
    [[nodiscard]] const Phrase* phrase() const noexcept { return m_phrase.get(); }

private:
    std::string m_text;
    std::shared_ptr<const Phrase> m_phrase;
};

/// A sentence the engine says to people, kept as its English text with %1 … %9 and the values for
/// them, so that a window can say it in the user's language (Qt's catalogue is keyed by the text)
/// while the terminal and the log file keep the English (`english()`).
struct Phrase {
    const char* text = ""; ///< always a string literal, e.g. "epoch %1: train loss %2"
    std::vector<PhraseValue> values;

    [[nodiscard]] std::string english() const;
};

} // namespace cnnwb::engine
