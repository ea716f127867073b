#include "cnnwb/engine/model/layer_spec.h"

#include "cnnwb/engine/core/placeholders.h"
#include "model/layer_kind.h"

namespace cnnwb::engine {

const std::vector<LayerKind>& allLayerKinds()
{
    static const std::vector<LayerKind> kinds = [] {
        std::vector<LayerKind> all;
        for (std::size_t i = 0; i < kLayerKindCount; ++i)
            all.push_back(static_cast<LayerKind>(i));
        return all;
    }();
    return kinds;
}

std::string_view layerKindName(LayerKind kind) noexcept
{
    if (static_cast<std::size_t>(kind) >= kLayerKindCount)
        return "?";
    return layerKindInfo(kind).name;
}

std::optional<LayerKind> layerKindFromName(std::string_view name) noexcept
{
    for (const LayerKind kind : allLayerKinds())
        if (layerKindInfo(kind).name == name)
            return kind;
    return std::nullopt;
}

LayerSpec LayerSpec::defaults(LayerKind kind)
{
    LayerSpec layer = layerKindInfo(kind).defaults;
    layer.kind = kind;
    return layer;
}

std::span<const LayerField> layerFields(LayerKind kind) noexcept
{
    return layerKindInfo(kind).fields;
}

std::vector<SettingsPhrase> settingsPhrases(const LayerSpec& layer)
{
    return layerKindInfo(layer.kind).settings(layer);
}

std::string describeSettings(const LayerSpec& layer)
{
    std::string text;
    for (const SettingsPhrase& phrase : settingsPhrases(layer))
        text += fillPlaceholders(phrase.text, phrase.values, [](const SettingsPhrase::Value& v) { return v.text; });
    return text;
}

} // namespace cnnwb::engine
