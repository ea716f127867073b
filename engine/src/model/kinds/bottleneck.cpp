// Bottleneck: ResNet-50's block, exactly torchvision's (v1.5: the stride on the 3x3 conv) — a 1x1 conv
// down to a quarter of the output channels, a 3x3 conv, a 1x1 conv up, each with BatchNorm, ReLU
// after the first two and after the sum; a 1x1 conv + BN "downsample" when the stride or the
// channels change. Settings: out channels (a multiple of 4), stride. Its LibTorch module is
// model/bottleneck_block.cpp; the Python class below has torchvision's submodule names.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    intField("out_channels", "outChannels", "Out channels:", &LayerSpec::outChannels, 4, 8192),
    intField("stride", "stride", "Stride:", &LayerSpec::stride, 1, 16),
};

void shapeRule(const LayerSpec& layer, ShapeCheck& check)
{
    bool ok = check.require(layer.outChannels >= 4 && layer.outChannels % 4 == 0,
        "out channels must be a multiple of 4 (the block narrows to a quarter of them)");
    ok &= check.require(layer.stride >= 1, "stride must be at least 1");
    if (!ok || !check.needsFeatureMap())
        return;
    const Shape& in = check.in();
    const std::int64_t c = in[0];
    const std::int64_t o = layer.outChannels;
    const std::int64_t w = o / 4;
    const std::int64_t inPixels = in[1] * in[2];
    const std::int64_t pixels = windowOutput(in[1], 3, layer.stride, 1, 1) * windowOutput(in[2], 3, layer.stride, 1, 1);
    const bool projection = layer.stride != 1 || c != o;
    LayerAnalysis& out = check.out();
    out.outputShape = {o, windowOutput(in[1], 3, layer.stride, 1, 1), windowOutput(in[2], 3, layer.stride, 1, 1)};
    out.parameters = c * w + w * w * 9 + w * o + 2 * (2 * w + o) + (projection ? c * o + 2 * o : 0);
    out.buffers = 2 * (2 * w + 1) + (2 * o + 1) * (projection ? 2 : 1);
    out.macs = inPixels * c * w + pixels * (w * w * 9 + w * o + (projection ? c * o : 0))
        + 2 * (inPixels * w + pixels * (w + o * (projection ? 2 : 1)));
    // conv, bn, relu twice, conv, bn, (conv, bn,) sum, relu: all kept for the backward pass.
    out.activations = inPixels * w * 3 + pixels * (w * 3 + o * (projection ? 6 : 4));
}

std::string onnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    const LayerSpec& l = layer.spec;
    const std::int64_t in = layer.in[0];
    const std::int64_t o = l.outChannels;
    const std::int64_t w = o / 4;
    const int i = layer.index;
    const std::string& x = layer.input;
    std::string y = e.conv(x, layer.name("conv1."), in, w, 1, 1, {0, 0, 0, 0}, 1, 1, false, i);
    y = e.node("Relu", {e.batchNorm(y, layer.name("bn1."), w, i)}, layer.name("relu1"));
    y = e.conv(y, layer.name("conv2."), w, w, 3, l.stride, {1, 1, 1, 1}, 1, 1, false, i);
    y = e.node("Relu", {e.batchNorm(y, layer.name("bn2."), w, i)}, layer.name("relu2"));
    y = e.conv(y, layer.name("conv3."), w, o, 1, 1, {0, 0, 0, 0}, 1, 1, false, i);
    y = e.batchNorm(y, layer.name("bn3."), o, i);
    std::string identity = x;
    if (l.stride != 1 || in != o) {
        identity = e.conv(x, layer.name("downsample.0."), in, o, 1, l.stride, {0, 0, 0, 0}, 1, 1, false, i);
        identity = e.batchNorm(identity, layer.name("downsample.1."), o, i);
    }
    return e.node("Relu", {e.node("Add", {y, identity}, layer.name("add"))}, layer.name("relu3"));
}

constexpr std::string_view kPythonClass = R"(

class Bottleneck(nn.Module):
    """ResNet-50's block, as torchvision's: 1x1 down to out/4, 3x3 (with the stride), 1x1 up; a 1x1 downsample when the shape changes."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        width = out_channels // 4
        self.conv1 = nn.Conv2d(in_channels, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = torch.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return torch.relu(out + (x if self.downsample is None else self.downsample(x)))
)";

} // namespace

constinit const LayerKindInfo kBottleneckKind = {
    .name = "Bottleneck",
    .defaults = {.outChannels = 256},
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings = channelsAndStride,
    .python
    = [](const LayerSpec& l, const std::vector<std::int64_t>& in) { return blockConstructor("Bottleneck", l, in); },
    .pythonPrelude = kPythonClass,
    .onnx = onnx,
};

} // namespace cnnwb::engine
