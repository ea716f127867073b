#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

/// Every layer kind the editor offers, in menu order. The names (layerKindName) are PyTorch's class
/// names. What each kind is (settings, shape rule, builders, exporters) lives in one file per kind
/// under engine/src/model/kinds/, listed in engine/src/model/layer_kinds.cpp in this order.
enum class LayerKind {
    Conv2d,
    BatchNorm2d,
    ReLU,
    ReLU6,
    LeakyReLU,
    GELU,
    SiLU,
    Sigmoid,
    Tanh,
    MaxPool2d,
    AvgPool2d,
    AdaptiveAvgPool2d,
    Dropout,
    Dropout2d,
    Flatten,
    Linear,
    ResidualBlock,    ///< two 3x3 conv + BN with ReLU; a 1x1 conv + BN shortcut when the shape changes
    Bottleneck,       ///< ResNet-50's 1x1, 3x3, 1x1 block (torchvision's)
    InvertedResidual, ///< MobileNetV2's expand, depthwise, project block (torchvision's)
};

/// How many kinds LayerKind has (the last one + 1); the kind tables check their length against it.
inline constexpr std::size_t kLayerKindCount = static_cast<std::size_t>(LayerKind::InvertedResidual) + 1;

/// All kinds, in menu order.
[[nodiscard]] const std::vector<LayerKind>& allLayerKinds();
/// "Conv2d", "ResidualBlock", ...
[[nodiscard]] std::string_view layerKindName(LayerKind kind) noexcept;
[[nodiscard]] std::optional<LayerKind> layerKindFromName(std::string_view name) noexcept;

/// One layer. A flat value type: each kind reads the fields it needs (see the field comments)
/// and ignores the rest, which keeps JSON, undo and the editor's forms simple.
struct LayerSpec {
    LayerKind kind = LayerKind::ReLU;

    // Conv2d: outChannels, kernel, stride, padding / samePadding, dilation, groups, bias.
    // ResidualBlock, Bottleneck: outChannels, stride. InvertedResidual: outChannels, stride, expandRatio. Linear:
    // outChannels (= out_features), inFeatures, bias.
    int outChannels = 0;
    int kernel = 3;              ///< Conv2d, MaxPool2d, AvgPool2d
    int stride = 1;              ///< Conv2d, ResidualBlock; pools: 0 means "= kernel" (PyTorch's default)
    int padding = 0;             ///< Conv2d, MaxPool2d, AvgPool2d
    bool samePadding = false;    ///< Conv2d: padding="same" (output size = input size; stride must be 1)
    int dilation = 1;            ///< Conv2d
    int groups = 1;              ///< Conv2d
    bool bias = true;            ///< Conv2d, Linear
    int inFeatures = 0;          ///< Linear: 0 = inferred from the layer before
    int outputSize = 1;          ///< AdaptiveAvgPool2d: output is outputSize x outputSize
    double probability = 0.5;    ///< Dropout, Dropout2d
    double negativeSlope = 0.01; ///< LeakyReLU
    int expandRatio = 6;         ///< InvertedResidual: the hidden channels are the input's times this

    /// Whether training changes the layer's weights. A frozen layer also keeps its BatchNorm
    /// statistics (it runs in eval mode), as fine-tuning a pretrained network wants.
    bool trainable = true;
    /// The layer's name in the state dict its weights are imported from (torchvision's "layer1.0",
    /// "fc"); empty = its index, as the workbench's own files name it.
    std::string weightsName;

    /// A layer of `kind` with the editor's defaults (e.g. Conv2d 32 channels, kernel 3, padding 1).
    [[nodiscard]] static LayerSpec defaults(LayerKind kind);

    friend bool operator==(const LayerSpec&, const LayerSpec&) = default;
};

/// The key settings in a few words, e.g. "32 ch, 3×3, stride 1, padding 1" — for tables (settingsPhrases,
/// settings_phrase.h, gives them translatable).
[[nodiscard]] std::string describeSettings(const LayerSpec& layer);

} // namespace cnnwb::engine
