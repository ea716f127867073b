// The table of layer kinds: one entry per LayerKind, in enum (= menu) order. Adding a kind is one
// file in kinds/ and one line here (docs/ARCHITECTURE.md, "Adding a layer kind").
#include "model/kinds/kinds.h"

#include <array>
#include <sstream>

namespace cnnwb::engine {
namespace {

struct KindEntry {
    LayerKind kind;
    const LayerKindInfo* info;
};

constexpr std::array kKinds = {
    KindEntry{LayerKind::Conv2d, &kConv2dKind},
    KindEntry{LayerKind::BatchNorm2d, &kBatchNorm2dKind},
    KindEntry{LayerKind::ReLU, &kReluKind},
    KindEntry{LayerKind::ReLU6, &kRelu6Kind},
    KindEntry{LayerKind::LeakyReLU, &kLeakyReluKind},
    KindEntry{LayerKind::GELU, &kGeluKind},
    KindEntry{LayerKind::SiLU, &kSiluKind},
    KindEntry{LayerKind::Sigmoid, &kSigmoidKind},
    KindEntry{LayerKind::Tanh, &kTanhKind},
    KindEntry{LayerKind::MaxPool2d, &kMaxPool2dKind},
    KindEntry{LayerKind::AvgPool2d, &kAvgPool2dKind},
    KindEntry{LayerKind::AdaptiveAvgPool2d, &kAdaptiveAvgPool2dKind},
    KindEntry{LayerKind::Dropout, &kDropoutKind},
    KindEntry{LayerKind::Dropout2d, &kDropout2dKind},
    KindEntry{LayerKind::Flatten, &kFlattenKind},
    KindEntry{LayerKind::Linear, &kLinearKind},
    KindEntry{LayerKind::ResidualBlock, &kResidualBlockKind},
    KindEntry{LayerKind::Bottleneck, &kBottleneckKind},
    KindEntry{LayerKind::InvertedResidual, &kInvertedResidualKind},
};
static_assert(coversEveryKindInOrder(kKinds), "kKinds lists every LayerKind once, in enum order");

} // namespace

const LayerKindInfo& layerKindInfo(LayerKind kind) noexcept
{
    // Every enumerator has an entry (static_assert above); a value outside the enum is a bug.
    const auto index = static_cast<std::size_t>(kind);
    return *kKinds[index < kKinds.size() ? index : 0].info;
}

std::string numberText(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

SettingsPhrase::Value settingNumber(int value)
{
    return {std::to_string(value), false};
}

SettingsPhrase::Value settingNumber(double value)
{
    return {numberText(value), false};
}

SettingsPhrase::Value settingWord(std::string_view word)
{
    return {std::string(word), true};
}

std::vector<SettingsPhrase> noSettings(const LayerSpec& /*layer*/)
{
    return {};
}

std::string pythonBool(bool value)
{
    return value ? "True" : "False";
}

} // namespace cnnwb::engine
