// InvertedResidual: MobileNetV2's block, exactly torchvision's — a 1x1 conv widening the channels by
// the expansion ratio (left out at ratio 1), a 3x3 depthwise conv with the stride, each with BN and
// ReLU6, then a linear 1x1 conv + BN to the output channels; the input is added when the stride
// is 1 and the channels are unchanged. Settings: out channels, stride (1 or 2), expansion ratio. Its
// LibTorch module is model/inverted_residual_block.cpp; the Python class below has torchvision's names.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    intField("out_channels", "outChannels", "Out channels:", &LayerSpec::outChannels, 1, 8192),
    intField("stride", "stride", "Stride:", &LayerSpec::stride, 1, 2),
    intField("expand_ratio", "expandRatio", "Expansion ratio:", &LayerSpec::expandRatio, 1, 16),
};

void shapeRule(const LayerSpec& layer, ShapeCheck& check)
{
    bool ok = check.require(layer.outChannels >= 1, "out channels must be at least 1");
    ok &= check.require(layer.stride == 1 || layer.stride == 2, "stride must be 1 or 2");
    ok &= check.require(layer.expandRatio >= 1, "the expansion ratio must be at least 1");
    if (!ok || !check.needsFeatureMap())
        return;
    const Shape& in = check.in();
    const std::int64_t c = in[0];
    const std::int64_t o = layer.outChannels;
    const std::int64_t h = c * layer.expandRatio;
    const bool expand = layer.expandRatio != 1;
    const std::int64_t inPixels = in[1] * in[2];
    const std::int64_t rows = windowOutput(in[1], 3, layer.stride, 1, 1);
    const std::int64_t cols = windowOutput(in[2], 3, layer.stride, 1, 1);
    const std::int64_t pixels = rows * cols;
    LayerAnalysis& out = check.out();
    out.outputShape = {o, rows, cols};
    out.parameters = (expand ? c * h + 2 * h : 0) + h * 9 + 2 * h + h * o + 2 * o;
    out.buffers = (expand ? 2 * h + 1 : 0) + (2 * h + 1) + (2 * o + 1);
    out.macs = (expand ? inPixels * (c * h + 2 * h) : 0) + pixels * (h * 9 + 2 * h + h * o + 2 * o);
    // (conv, bn, relu6,) depthwise conv, bn, relu6, conv, bn(, sum): all kept for the backward pass.
    const bool residual = layer.stride == 1 && c == o;
    out.activations = (expand ? inPixels * h * 3 : 0) + pixels * (h * 3 + o * (residual ? 3 : 2));
}

std::string relu6(OnnxEmitter& e, const std::string& x, const std::string& name)
{
    return e.node("Clip", {x, e.constant("zero", 0.0F), e.constant("six", 6.0F)}, name);
}

std::string onnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    const LayerSpec& l = layer.spec;
    const std::int64_t c = layer.in[0];
    const std::int64_t o = l.outChannels;
    const std::int64_t h = c * l.expandRatio;
    const int i = layer.index;
    std::string y = layer.input;
    int part = 0; // the index in torchvision's `conv` Sequential
    const auto prefix
        = [&](std::string_view inner) { return layer.name("conv." + std::to_string(part) + "." + std::string(inner)); };
    if (l.expandRatio != 1) {
        y = e.conv(y, prefix("0."), c, h, 1, 1, {0, 0, 0, 0}, 1, 1, false, i);
        y = relu6(e, e.batchNorm(y, prefix("1."), h, i), prefix("relu6"));
        ++part;
    }
    y = e.conv(y, prefix("0."), h, h, 3, l.stride, {1, 1, 1, 1}, 1, h, false, i);
    y = relu6(e, e.batchNorm(y, prefix("1."), h, i), prefix("relu6"));
    ++part;
    y = e.conv(y, prefix(""), h, o, 1, 1, {0, 0, 0, 0}, 1, 1, false, i);
    ++part;
    y = e.batchNorm(y, prefix(""), o, i);
    if (l.stride == 1 && c == o)
        y = e.node("Add", {layer.input, y}, layer.name("add"));
    return y;
}

constexpr std::string_view kPythonClass = R"(

class InvertedResidual(nn.Module):
    """MobileNetV2's block, as torchvision's: 1x1 expand (unless the ratio is 1), 3x3 depthwise, linear 1x1 project; the input added when the shape is unchanged."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1, expand_ratio: int = 6):
        super().__init__()
        hidden = in_channels * expand_ratio
        self.use_res_connect = stride == 1 and in_channels == out_channels
        layers = []
        if expand_ratio != 1:
            layers.append(nn.Sequential(nn.Conv2d(in_channels, hidden, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6()))
        layers += [
            nn.Sequential(nn.Conv2d(hidden, hidden, 3, stride=stride, padding=1, groups=hidden, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6()),
            nn.Conv2d(hidden, out_channels, 1, bias=False),
            nn.BatchNorm2d(out_channels),
        ]
        self.conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv(x) if self.use_res_connect else self.conv(x)
)";

} // namespace

constinit const LayerKindInfo kInvertedResidualKind = {
    .name = "InvertedResidual",
    .defaults = {.outChannels = 32},
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings =
        [](const LayerSpec& l) {
            return std::vector<SettingsPhrase>{{"%1 ch, stride %2, expand ×%3",
                {settingNumber(l.outChannels), settingNumber(l.stride), settingNumber(l.expandRatio)}}};
        },
    .python =
        [](const LayerSpec& l, const std::vector<std::int64_t>& in) {
            return blockConstructor("InvertedResidual", l, in, ", expand_ratio=" + std::to_string(l.expandRatio));
        },
    .pythonPrelude = kPythonClass,
    .onnx = onnx,
};

} // namespace cnnwb::engine
