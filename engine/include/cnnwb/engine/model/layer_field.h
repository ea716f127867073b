#pragma once

#include "cnnwb/engine/model/layer_spec.h"

#include <span>
#include <string_view>
#include <variant>

namespace cnnwb::engine {

/// One setting of a layer kind: the LayerSpec member, its JSON key and how the editor offers it.
/// Each kind lists its own (engine/src/model/kinds/<kind>.cpp); layerFields() gives them.
struct LayerField {
    enum class Form {
        Plain,           ///< the member's value
        IntegerOrSame,   ///< padding: an integer, or "same" when LayerSpec::samePadding is set
        OmittedWhenZero, ///< in_features: left out of the JSON while it is automatic (0)
    };

    std::string_view key;   ///< in the JSON object, e.g. "out_channels"
    std::string_view name;  ///< the member's name, also the editor's object name, e.g. "outChannels"
    std::string_view label; ///< the editor's label in English, e.g. "Out channels:" (the GUI translates it)
    std::variant<int LayerSpec::*, double LayerSpec::*, bool LayerSpec::*> member;
    Form form = Form::Plain;
    double minimum = 0; ///< the editor's range; what is valid is the shape rule's to say
    double maximum = 0;
    double step = 1;          ///< the editor's step, for a double
    std::string_view special; ///< the editor's text at the minimum, e.g. "automatic" for 0; empty if none
};

/// The settings of a kind, in the editor's order; empty for kinds without settings.
[[nodiscard]] std::span<const LayerField> layerFields(LayerKind kind) noexcept;

} // namespace cnnwb::engine
