#include "cnnwb/engine/model/layer_spec.h"

#include <array>
#include <sstream>

namespace cnnwb::engine {
namespace {

struct KindName {
    LayerKind kind;
    std::string_view name;
};

constexpr std::array kKindNames = {
    KindName{LayerKind::Conv2d, "Conv2d"},
    KindName{LayerKind::BatchNorm2d, "BatchNorm2d"},
    KindName{LayerKind::ReLU, "ReLU"},
    KindName{LayerKind::LeakyReLU, "LeakyReLU"},
    KindName{LayerKind::GELU, "GELU"},
    KindName{LayerKind::SiLU, "SiLU"},
    KindName{LayerKind::Sigmoid, "Sigmoid"},
    KindName{LayerKind::Tanh, "Tanh"},
    KindName{LayerKind::MaxPool2d, "MaxPool2d"},
    KindName{LayerKind::AvgPool2d, "AvgPool2d"},
    KindName{LayerKind::AdaptiveAvgPool2d, "AdaptiveAvgPool2d"},
    KindName{LayerKind::Dropout, "Dropout"},
    KindName{LayerKind::Dropout2d, "Dropout2d"},
    KindName{LayerKind::Flatten, "Flatten"},
    KindName{LayerKind::Linear, "Linear"},
    KindName{LayerKind::ResidualBlock, "ResidualBlock"},
};

} // namespace

const std::vector<LayerKind>& allLayerKinds()
{
    static const std::vector<LayerKind> kinds = [] {
        std::vector<LayerKind> all;
        for (const auto& entry : kKindNames)
            all.push_back(entry.kind);
        return all;
    }();
    return kinds;
}

std::string_view layerKindName(LayerKind kind) noexcept
{
    for (const auto& entry : kKindNames)
        if (entry.kind == kind)
            return entry.name;
    return "?";
}

std::optional<LayerKind> layerKindFromName(std::string_view name) noexcept
{
    for (const auto& entry : kKindNames)
        if (entry.name == name)
            return entry.kind;
    return std::nullopt;
}

LayerSpec LayerSpec::defaults(LayerKind kind)
{
    LayerSpec layer;
    layer.kind = kind;
    switch (kind) {
    case LayerKind::Conv2d:
        layer.outChannels = 32;
        layer.kernel = 3;
        layer.padding = 1;
        break;
    case LayerKind::ResidualBlock:
        layer.outChannels = 64;
        break;
    case LayerKind::MaxPool2d:
    case LayerKind::AvgPool2d:
        layer.kernel = 2;
        layer.stride = 0;
        break;
    case LayerKind::Linear:
        layer.outChannels = 10;
        break;
    default:
        break;
    }
    return layer;
}

std::string describeSettings(const LayerSpec& layer)
{
    std::ostringstream text;
    switch (layer.kind) {
    case LayerKind::Conv2d:
        text << layer.outChannels << " ch, " << layer.kernel << "×" << layer.kernel << ", stride " << layer.stride
             << ", padding " << (layer.samePadding ? std::string("same") : std::to_string(layer.padding));
        if (layer.dilation != 1)
            text << ", dilation " << layer.dilation;
        if (layer.groups != 1)
            text << ", groups " << layer.groups;
        if (!layer.bias)
            text << ", no bias";
        break;
    case LayerKind::ResidualBlock:
        text << layer.outChannels << " ch, stride " << layer.stride;
        break;
    case LayerKind::MaxPool2d:
    case LayerKind::AvgPool2d:
        text << layer.kernel << "×" << layer.kernel << ", stride " << (layer.stride == 0 ? layer.kernel : layer.stride);
        if (layer.padding != 0)
            text << ", padding " << layer.padding;
        break;
    case LayerKind::AdaptiveAvgPool2d:
        text << "to " << layer.outputSize << "×" << layer.outputSize;
        break;
    case LayerKind::Dropout:
    case LayerKind::Dropout2d:
        text << "p = " << layer.probability;
        break;
    case LayerKind::LeakyReLU:
        text << "slope " << layer.negativeSlope;
        break;
    case LayerKind::Linear:
        text << (layer.inFeatures > 0 ? std::to_string(layer.inFeatures) : std::string("auto")) << " → "
             << layer.outChannels;
        if (!layer.bias)
            text << ", no bias";
        break;
    default:
        break;
    }
    return text.str();
}

} // namespace cnnwb::engine
