// ResidualBlock: ResNet's basic block — two 3x3 conv + BN with ReLU, and a 1x1 conv + BN shortcut
// when the stride or the channels change. Settings: out channels, stride. Its LibTorch module is
// model/residual_block.cpp; the Python class below has the same submodule names.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    intField("out_channels", "outChannels", "Out channels:", &LayerSpec::outChannels, 1, 4096),
    intField("stride", "stride", "Stride:", &LayerSpec::stride, 1, 16),
};

void shapeRule(const LayerSpec& layer, ShapeCheck& check)
{
    bool ok = check.require(layer.outChannels >= 1, "out channels must be at least 1");
    ok &= check.require(layer.stride >= 1, "stride must be at least 1");
    if (!ok || !check.needsFeatureMap())
        return;
    const Shape& in = check.in();
    const std::int64_t c = in[0];
    const std::int64_t o = layer.outChannels;
    const std::int64_t h = windowOutput(in[1], 3, layer.stride, 1, 1);
    const std::int64_t w = windowOutput(in[2], 3, layer.stride, 1, 1);
    const bool projection = layer.stride != 1 || c != o;
    LayerAnalysis& out = check.out();
    out.outputShape = {o, h, w};
    out.parameters = o * c * 9 + 2 * o + o * o * 9 + 2 * o + (projection ? o * c + 2 * o : 0);
    out.buffers = (2 * o + 1) * (projection ? 3 : 2);
    out.macs = h * w * o * (c * 9 + o * 9 + (projection ? c : 0)) + h * w * o * 2 * (projection ? 3 : 2);
    // conv, bn, relu, conv, bn, (conv, bn,) sum, relu: all kept for the backward pass.
    out.activations = o * h * w * (projection ? 8 : 6);
}

std::string onnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    const LayerSpec& l = layer.spec;
    const std::int64_t in = layer.in[0];
    const std::int64_t c = l.outChannels;
    const std::string& x = layer.input;
    const int i = layer.index;
    std::string y = e.conv(x, layer.name("conv1."), in, c, 3, l.stride, {1, 1, 1, 1}, 1, 1, false, i);
    y = e.batchNorm(y, layer.name("bn1."), c, i);
    y = e.node("Relu", {y}, layer.name("relu1"));
    y = e.conv(y, layer.name("conv2."), c, c, 3, 1, {1, 1, 1, 1}, 1, 1, false, i);
    y = e.batchNorm(y, layer.name("bn2."), c, i);
    std::string shortcut = x;
    if (l.stride != 1 || in != c) {
        shortcut = e.conv(x, layer.name("shortcut.0."), in, c, 1, l.stride, {0, 0, 0, 0}, 1, 1, false, i);
        shortcut = e.batchNorm(shortcut, layer.name("shortcut.1."), c, i);
    }
    const std::string sum = e.node("Add", {y, shortcut}, layer.name("add"));
    return e.node("Relu", {sum}, layer.name("relu2"));
}

constexpr std::string_view kPythonClass = R"(

class ResidualBlock(nn.Module):
    """ResNet's basic block: two 3x3 conv + BN with ReLU; a 1x1 conv + BN shortcut when the shape changes."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, padding=0, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))
)";

} // namespace

std::vector<SettingsPhrase> channelsAndStride(const LayerSpec& l)
{
    return {{"%1 ch, stride %2", {settingNumber(l.outChannels), settingNumber(l.stride)}}};
}

std::string blockConstructor(
    std::string_view name, const LayerSpec& l, const std::vector<std::int64_t>& in, const std::string& extra)
{
    return std::string(name) + "(" + std::to_string(in[0]) + ", " + std::to_string(l.outChannels)
        + ", stride=" + std::to_string(l.stride) + extra + ")";
}

constinit const LayerKindInfo kResidualBlockKind = {
    .name = "ResidualBlock",
    .defaults = {.outChannels = 64},
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings = channelsAndStride,
    .python
    = [](const LayerSpec& l, const std::vector<std::int64_t>& in) { return blockConstructor("ResidualBlock", l, in); },
    .pythonPrelude = kPythonClass,
    .onnx = onnx,
};

} // namespace cnnwb::engine
