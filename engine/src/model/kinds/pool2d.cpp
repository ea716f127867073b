// MaxPool2d and AvgPool2d: a square window, stride (0 = the kernel size, PyTorch's default), padding.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    intField("kernel_size", "kernel", "Kernel size:", &LayerSpec::kernel, 1, 31),
    intField("stride", "stride", "Stride:", &LayerSpec::stride, 0, 16, "same as kernel"),
    intField("padding", "padding", "Padding:", &LayerSpec::padding, 0, 15),
};

constexpr LayerSpec kDefaults = {.kernel = 2, .stride = 0};

int effectiveStride(const LayerSpec& layer)
{
    return layer.stride == 0 ? layer.kernel : layer.stride;
}

void shapeRule(const LayerSpec& layer, ShapeCheck& check)
{
    const int stride = effectiveStride(layer);
    bool ok = check.require(layer.kernel >= 1, "kernel size must be at least 1");
    ok &= check.require(stride >= 1, "stride must be at least 1 (or 0 for \"same as kernel\")");
    ok &= check.require(
        layer.padding >= 0 && layer.padding * 2 <= layer.kernel, "padding must be between 0 and half the kernel size");
    if (!ok || !check.needsFeatureMap())
        return;
    const Shape& in = check.in();
    const std::int64_t h = windowOutput(in[1], layer.kernel, stride, layer.padding, 1);
    const std::int64_t w = windowOutput(in[2], layer.kernel, stride, layer.padding, 1);
    if (!check.require(h >= 1 && w >= 1, fitProblem(in, layer.kernel, layer.padding, 1)))
        return;
    check.out().outputShape = {in[0], h, w};
}

std::vector<SettingsPhrase> settings(const LayerSpec& layer)
{
    std::vector<SettingsPhrase> phrases
        = {{"%1×%1, stride %2", {settingNumber(layer.kernel), settingNumber(effectiveStride(layer))}}};
    if (layer.padding != 0)
        phrases.push_back({", padding %1", {settingNumber(layer.padding)}});
    return phrases;
}

std::string python(const char* module, const LayerSpec& l)
{
    return std::string(module) + "(kernel_size=" + std::to_string(l.kernel)
        + ", stride=" + std::to_string(effectiveStride(l)) + ", padding=" + std::to_string(l.padding) + ")";
}

std::string maxPoolOnnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    const LayerSpec& l = layer.spec;
    const std::int64_t stride = effectiveStride(l);
    return e.node("MaxPool", {layer.input}, layer.name("maxpool"),
        {OnnxAttribute::ints("kernel_shape", {l.kernel, l.kernel}), OnnxAttribute::ints("strides", {stride, stride}),
            OnnxAttribute::ints("pads", std::vector<std::int64_t>(4, l.padding))});
}

std::string avgPoolOnnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    // nn.AvgPool2d counts the zero padding in each window's average (count_include_pad). An
    // explicit zero Pad before an unpadded AveragePool says the same thing, and readers that ignore
    // count_include_pad (OpenCV 4.6's importer) compute it right too.
    const LayerSpec& l = layer.spec;
    const std::int64_t stride = effectiveStride(l);
    std::string x = layer.input;
    if (l.padding > 0) {
        const std::int64_t q = l.padding; // opset >= 11: the pads are an input, not an attribute
        x = e.node("Pad", {x, e.int64s(layer.name("pads"), {0, 0, q, q, 0, 0, q, q})}, layer.name("avgpool_pad"));
    }
    return e.node("AveragePool", {x}, layer.name("avgpool"),
        {OnnxAttribute::ints("kernel_shape", {l.kernel, l.kernel}), OnnxAttribute::ints("strides", {stride, stride})});
}

} // namespace

constinit const LayerKindInfo kMaxPool2dKind = {
    .name = "MaxPool2d",
    .defaults = kDefaults,
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings = settings,
    .python = [](const LayerSpec& l, const std::vector<std::int64_t>&) { return python("nn.MaxPool2d", l); },
    .pythonPrelude = {},
    .onnx = maxPoolOnnx,
};

constinit const LayerKindInfo kAvgPool2dKind = {
    .name = "AvgPool2d",
    .defaults = kDefaults,
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings = settings,
    .python = [](const LayerSpec& l, const std::vector<std::int64_t>&) { return python("nn.AvgPool2d", l); },
    .pythonPrelude = {},
    .onnx = avgPoolOnnx,
};

} // namespace cnnwb::engine
