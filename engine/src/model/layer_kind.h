#pragma once

#include "cnnwb/engine/model/layer_field.h"
#include "cnnwb/engine/model/layer_spec.h"
#include "cnnwb/engine/model/settings_phrase.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

class OnnxEmitter;
struct OnnxLayer;
class ShapeCheck;

/// Everything one layer kind is, in plain C++: each kind defines one in engine/src/model/kinds/ and
/// layer_kinds.cpp lists them by LayerKind. Two parts live elsewhere, keyed by the same kinds: the
/// LibTorch module (model/model_builder.cpp, the only file of these that sees LibTorch) and the GUI's
/// translations of the name, the settings phrases (ui/engine_text.cpp) and the labels (ui/layer_inspector.cpp).
struct LayerKindInfo {
    std::string_view name; ///< PyTorch's class name; the JSON "type"
    LayerSpec defaults;    ///< what Add Layer inserts (LayerSpec::defaults sets the kind)
    /// The settings the kind has, in the editor's order: JSON writes them; reading accepts every
    /// setting of every kind (model_spec.cpp) and takes the key from here when the kind names the
    /// member differently (Linear's out_features).
    std::span<const LayerField> fields;
    /// Validates the settings, infers the output shape and counts parameters, buffers and MACs. Leaves
    /// the output shape empty when the layer cannot work. Activations default to the output's elements.
    void (*shapeRule)(const LayerSpec& layer, ShapeCheck& check);
    /// The settings in a few words, as translatable phrases (describeSettings joins them).
    std::vector<SettingsPhrase> (*settings)(const LayerSpec& layer);
    /// The module's constructor in Python, e.g. "nn.Conv2d(3, 32, ...)"; `in` is the input per sample.
    std::string (*python)(const LayerSpec& layer, const std::vector<std::int64_t>& in);
    /// Python the constructor needs, written once before build_model() (ResidualBlock's class).
    std::string_view pythonPrelude;
    /// Emits the layer's inference graph and returns the name of its output value.
    std::string (*onnx)(const OnnxLayer& layer, OnnxEmitter& emitter);
};

/// A setting edited in a spin box from `minimum` to `maximum` (`special` shown at the minimum).
constexpr LayerField intField(std::string_view key, std::string_view name, std::string_view label,
    int LayerSpec::*member, int minimum, int maximum, std::string_view special = {},
    LayerField::Form form = LayerField::Form::Plain)
{
    return {.key = key,
        .name = name,
        .label = label,
        .member = member,
        .form = form,
        .minimum = static_cast<double>(minimum),
        .maximum = static_cast<double>(maximum),
        .special = special};
}

/// A setting edited in a spin box for decimals, in steps of `step`.
constexpr LayerField realField(std::string_view key, std::string_view name, std::string_view label,
    double LayerSpec::*member, double minimum, double maximum, double step)
{
    return {.key = key,
        .name = name,
        .label = label,
        .member = member,
        .minimum = minimum,
        .maximum = maximum,
        .step = step};
}

/// A setting edited in a check box (`label` beside it).
constexpr LayerField boolField(
    std::string_view key, std::string_view name, std::string_view label, bool LayerSpec::*member)
{
    return {.key = key, .name = name, .label = label, .member = member};
}

/// The kind's description; every LayerKind has one.
[[nodiscard]] const LayerKindInfo& layerKindInfo(LayerKind kind) noexcept;

/// True when a table keyed by `kind` lists every LayerKind once, in enum order: each table of
/// per-kind parts static_asserts it, so a new kind cannot be forgotten in one of them.
template <typename Table> constexpr bool coversEveryKindInOrder(const Table& table)
{
    if (table.size() != kLayerKindCount)
        return false;
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table[i].kind != static_cast<LayerKind>(i))
            return false;
    return true;
}

/// Numbers as settings phrases, Python and error messages write them ("0.5", "1e-05").
[[nodiscard]] std::string numberText(double value);
[[nodiscard]] SettingsPhrase::Value settingNumber(int value);
[[nodiscard]] SettingsPhrase::Value settingNumber(double value);
[[nodiscard]] SettingsPhrase::Value settingWord(std::string_view word);
/// The settings of a kind that has none.
[[nodiscard]] std::vector<SettingsPhrase> noSettings(const LayerSpec& layer);
/// "True" / "False".
[[nodiscard]] std::string pythonBool(bool value);

} // namespace cnnwb::engine
