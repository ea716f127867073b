// AdaptiveAvgPool2d: averages any feature map down to output size × output size.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include "cnnwb/engine/core/error.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    intField("output_size", "outputSize", "Output size:", &LayerSpec::outputSize, 1, 64),
};

void shapeRule(const LayerSpec& layer, ShapeCheck& check)
{
    if (!check.require(layer.outputSize >= 1, "output size must be at least 1") || !check.needsFeatureMap())
        return;
    check.out().outputShape = {check.in()[0], layer.outputSize, layer.outputSize};
}

std::string onnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    const LayerSpec& l = layer.spec;
    const std::vector<std::int64_t>& in = layer.in;
    if (l.outputSize == 1)
        return e.node("GlobalAveragePool", {layer.input}, layer.name("global_avgpool"));
    // Equal windows only: then it is a plain average pool. Uneven windows (PyTorch overlaps them)
    // have no single ONNX operator.
    if (in[1] % l.outputSize != 0 || in[2] % l.outputSize != 0)
        throw Error(ErrorCode::InvalidArgument,
            "AdaptiveAvgPool2d to " + std::to_string(l.outputSize) + "x" + std::to_string(l.outputSize) + " of a "
                + std::to_string(in[1]) + "x" + std::to_string(in[2])
                + " map has uneven windows, which ONNX cannot express; choose an output size that divides it",
            {{}, std::nullopt, layer.index});
    const std::int64_t kh = in[1] / l.outputSize;
    const std::int64_t kw = in[2] / l.outputSize;
    return e.node("AveragePool", {layer.input}, layer.name("adaptive_avgpool"),
        {OnnxAttribute::ints("kernel_shape", {kh, kw}), OnnxAttribute::ints("strides", {kh, kw})});
}

} // namespace

constinit const LayerKindInfo kAdaptiveAvgPool2dKind = {
    .name = "AdaptiveAvgPool2d",
    .defaults = {},
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings =
        [](const LayerSpec& l) {
            return std::vector<SettingsPhrase>{{"to %1×%1", {settingNumber(l.outputSize)}}};
        },
    .python
    = [](const LayerSpec& l,
          const std::vector<std::int64_t>&) { return "nn.AdaptiveAvgPool2d(" + std::to_string(l.outputSize) + ")"; },
    .pythonPrelude = {},
    .onnx = onnx,
};

} // namespace cnnwb::engine
