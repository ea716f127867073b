#pragma once

#include <string>
#include <string_view>

namespace cnnwb::engine {

/// `text` with %1 .. %9 replaced by `values` as QString::arg fills them in the GUI, so that the
/// engine's English and the window's translated phrases come from one text. A placeholder without a
/// value, and any other '%', is kept as it is.
template <typename Values, typename TextOf>
[[nodiscard]] std::string fillPlaceholders(std::string_view text, const Values& values, TextOf textOf)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char next = i + 1 < text.size() ? text[i + 1] : '\0';
        const auto slot = static_cast<std::size_t>(next - '1');
        if (text[i] == '%' && next >= '1' && next <= '9' && slot < std::size(values)) {
            out += textOf(values[slot]);
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace cnnwb::engine
