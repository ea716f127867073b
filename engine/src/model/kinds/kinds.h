#pragma once

#include "model/layer_kind.h"

// One description per layer kind, each defined in the file of this folder named after it (the
// activations, the two window pools and the two dropouts share a file); layer_kinds.cpp lists them.
namespace cnnwb::engine {

/// "%1 ch, stride %2": the blocks' settings (ResidualBlock, Bottleneck).
[[nodiscard]] std::vector<SettingsPhrase> channelsAndStride(const LayerSpec& layer);
/// "ResidualBlock(64, 128, stride=2)": a block's Python constructor, `extra` appended (", expand_ratio=6").
[[nodiscard]] std::string blockConstructor(
    std::string_view name, const LayerSpec& layer, const std::vector<std::int64_t>& in, const std::string& extra = {});

extern const LayerKindInfo kConv2dKind;
extern const LayerKindInfo kBatchNorm2dKind;
extern const LayerKindInfo kReluKind;
extern const LayerKindInfo kRelu6Kind;
extern const LayerKindInfo kLeakyReluKind;
extern const LayerKindInfo kGeluKind;
extern const LayerKindInfo kSiluKind;
extern const LayerKindInfo kSigmoidKind;
extern const LayerKindInfo kTanhKind;
extern const LayerKindInfo kMaxPool2dKind;
extern const LayerKindInfo kAvgPool2dKind;
extern const LayerKindInfo kAdaptiveAvgPool2dKind;
extern const LayerKindInfo kDropoutKind;
extern const LayerKindInfo kDropout2dKind;
extern const LayerKindInfo kFlattenKind;
extern const LayerKindInfo kLinearKind;
extern const LayerKindInfo kResidualBlockKind;
extern const LayerKindInfo kBottleneckKind;
extern const LayerKindInfo kInvertedResidualKind;

} // namespace cnnwb::engine
