// Conv2d: out channels, a square kernel, stride, padding (a number or "same"), dilation, groups, bias.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    intField("out_channels", "outChannels", "Out channels:", &LayerSpec::outChannels, 1, 4096),
    intField("kernel_size", "kernel", "Kernel size:", &LayerSpec::kernel, 1, 31),
    intField("stride", "stride", "Stride:", &LayerSpec::stride, 1, 16),
    intField("padding", "padding", "Padding:", &LayerSpec::padding, 0, 32, {}, LayerField::Form::IntegerOrSame),
    intField("dilation", "dilation", "Dilation:", &LayerSpec::dilation, 1, 16),
    intField("groups", "groups", "Groups:", &LayerSpec::groups, 1, 4096),
    boolField("bias", "bias", "Bias", &LayerSpec::bias),
};

void shapeRule(const LayerSpec& layer, ShapeCheck& check)
{
    bool ok = check.require(layer.outChannels >= 1, "out channels must be at least 1");
    ok &= check.require(layer.kernel >= 1, "kernel size must be at least 1");
    ok &= check.require(layer.stride >= 1, "stride must be at least 1");
    ok &= check.require(layer.dilation >= 1, "dilation must be at least 1");
    ok &= check.require(layer.padding >= 0, "padding cannot be negative");
    ok &= check.require(layer.groups >= 1, "groups must be at least 1");
    ok &= check.require(!layer.samePadding || layer.stride == 1, "padding \"same\" needs stride 1");
    if (ok && layer.groups >= 1)
        ok &= check.require(layer.outChannels % layer.groups == 0,
            ProblemPhrase{"out channels %1 are not divisible by groups %2",
                {numberValue(layer.outChannels), numberValue(layer.groups)}});
    if (!ok || !check.needsFeatureMap())
        return;
    const Shape& in = check.in();
    ok = check.require(in[0] % layer.groups == 0,
        ProblemPhrase{
            "input channels %1 are not divisible by groups %2", {numberValue(in[0]), numberValue(layer.groups)}});
    std::int64_t h = in[1];
    std::int64_t w = in[2];
    if (!layer.samePadding) {
        h = windowOutput(in[1], layer.kernel, layer.stride, layer.padding, layer.dilation);
        w = windowOutput(in[2], layer.kernel, layer.stride, layer.padding, layer.dilation);
        ok &= check.require(h >= 1 && w >= 1, fitProblem(in, layer.kernel, layer.padding, layer.dilation));
    }
    if (!ok)
        return;
    const std::int64_t perOutput = in[0] / layer.groups * layer.kernel * layer.kernel;
    LayerAnalysis& out = check.out();
    out.outputShape = {layer.outChannels, h, w};
    out.parameters = layer.outChannels * perOutput + (layer.bias ? layer.outChannels : 0);
    out.macs = layer.outChannels * h * w * perOutput;
}

std::vector<SettingsPhrase> settings(const LayerSpec& layer)
{
    std::vector<SettingsPhrase> phrases = {{"%1 ch, %2×%2, stride %3, padding %4",
        {settingNumber(layer.outChannels), settingNumber(layer.kernel), settingNumber(layer.stride),
            layer.samePadding ? settingWord("same") : settingNumber(layer.padding)}}};
    if (layer.dilation != 1)
        phrases.push_back({", dilation %1", {settingNumber(layer.dilation)}});
    if (layer.groups != 1)
        phrases.push_back({", groups %1", {settingNumber(layer.groups)}});
    if (!layer.bias)
        phrases.push_back({", no bias", {}});
    return phrases;
}

std::string python(const LayerSpec& l, const std::vector<std::int64_t>& in)
{
    return "nn.Conv2d(" + std::to_string(in[0]) + ", " + std::to_string(l.outChannels)
        + ", kernel_size=" + std::to_string(l.kernel) + ", stride=" + std::to_string(l.stride)
        + ", padding=" + (l.samePadding ? std::string("\"same\"") : std::to_string(l.padding)) + ", dilation="
        + std::to_string(l.dilation) + ", groups=" + std::to_string(l.groups) + ", bias=" + pythonBool(l.bias) + ")";
}

std::string onnx(const OnnxLayer& layer, OnnxEmitter& emitter)
{
    const LayerSpec& l = layer.spec;
    std::vector<std::int64_t> pads(4, l.padding);
    if (l.samePadding) {
        // PyTorch's "same": total padding dilation*(k-1), the odd pixel on the bottom/right.
        const std::int64_t total = std::int64_t{l.dilation} * (l.kernel - 1);
        pads = {total / 2, total / 2, total - total / 2, total - total / 2};
    }
    return emitter.conv(layer.input, layer.name(""), layer.in[0], l.outChannels, l.kernel, l.stride, pads, l.dilation,
        l.groups, l.bias, layer.index);
}

} // namespace

constinit const LayerKindInfo kConv2dKind = {
    .name = "Conv2d",
    .defaults = {.outChannels = 32, .kernel = 3, .padding = 1},
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings = settings,
    .python = python,
    .pythonPrelude = {},
    .onnx = onnx,
};

} // namespace cnnwb::engine
