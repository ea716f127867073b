#pragma once

#include "cnnwb/engine/model/layer_spec.h"

#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

/// One phrase of a layer's settings text: English with %1, %2, ... placeholders and what fills them,
/// so that the GUI can translate the phrase (and the words among the values) and fill it the same way.
struct SettingsPhrase {
    struct Value {
        std::string text;  ///< a number as the engine writes it, or a word
        bool word = false; ///< a word to translate ("same", "auto"), not a number
    };

    std::string_view text; ///< always a string literal, e.g. "%1 ch, %2×%2, stride %3, padding %4"
    std::vector<Value> values;
};

/// The phrases of describeSettings, in order; empty for kinds without settings.
[[nodiscard]] std::vector<SettingsPhrase> settingsPhrases(const LayerSpec& layer);

} // namespace cnnwb::engine
