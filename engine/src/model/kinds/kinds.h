#pragma once

#include "model/layer_kind.h"

// One description per layer kind, each defined in the file of this folder named after it (the
// activations, the two window pools and the two dropouts share a file); layer_kinds.cpp lists them.
namespace cnnwb::engine {

extern const LayerKindInfo kConv2dKind;
extern const LayerKindInfo kBatchNorm2dKind;
extern const LayerKindInfo kReluKind;
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

} // namespace cnnwb::engine
