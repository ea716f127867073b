// The element-wise activations: ReLU, ReLU6 (MobileNetV2's: min(max(x, 0), 6)), LeakyReLU (negative slope), GELU, SiLU,
// Sigmoid, Tanh. They keep the input's shape, whatever it is.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>
#include <cmath>

namespace cnnwb::engine {
namespace {

void sameShape(const LayerSpec& /*layer*/, ShapeCheck& check)
{
    if (check.known())
        check.out().outputShape = check.in();
}

constexpr std::array kLeakyReluFields = {
    realField("negative_slope", "negativeSlope", "Negative slope:", &LayerSpec::negativeSlope, 0.0, 1.0, 0.01),
};

std::string geluOnnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    // Gelu is an operator only from opset 20: the exact (erf) form, as nn.GELU() computes it.
    const std::string& x = layer.input;
    const std::string scaled = e.node("Div", {x, e.constant("sqrt2", std::sqrt(2.0F))}, layer.name("gelu_div"));
    const std::string erf = e.node("Erf", {scaled}, layer.name("gelu_erf"));
    const std::string plus = e.node("Add", {erf, e.constant("one", 1.0F)}, layer.name("gelu_add"));
    const std::string half = e.node("Mul", {x, e.constant("half", 0.5F)}, layer.name("gelu_half"));
    return e.node("Mul", {half, plus}, layer.name("gelu"));
}

std::string siluOnnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    const std::string sigmoid = e.node("Sigmoid", {layer.input}, layer.name("silu_sigmoid"));
    return e.node("Mul", {layer.input, sigmoid}, layer.name("silu"));
}

} // namespace

constinit const LayerKindInfo kReluKind = {
    .name = "ReLU",
    .defaults = {},
    .fields = {},
    .shapeRule = sameShape,
    .settings = noSettings,
    .python = [](const LayerSpec&, const std::vector<std::int64_t>&) { return std::string("nn.ReLU()"); },
    .pythonPrelude = {},
    .onnx = [](const OnnxLayer& l, OnnxEmitter& e) { return e.node("Relu", {l.input}, l.name("relu")); },
};

constinit const LayerKindInfo kRelu6Kind = {
    .name = "ReLU6",
    .defaults = {},
    .fields = {},
    .shapeRule = sameShape,
    .settings = noSettings,
    .python = [](const LayerSpec&, const std::vector<std::int64_t>&) { return std::string("nn.ReLU6()"); },
    .pythonPrelude = {},
    .onnx =
        [](const OnnxLayer& l, OnnxEmitter& e) {
            return e.node("Clip", {l.input, e.constant("zero", 0.0F), e.constant("six", 6.0F)}, l.name("relu6"));
        },
};

constinit const LayerKindInfo kLeakyReluKind = {
    .name = "LeakyReLU",
    .defaults = {},
    .fields = kLeakyReluFields,
    .shapeRule = sameShape,
    .settings =
        [](const LayerSpec& l) {
            return std::vector<SettingsPhrase>{{"slope %1", {settingNumber(l.negativeSlope)}}};
        },
    .python =
        [](const LayerSpec& l, const std::vector<std::int64_t>&) {
            return "nn.LeakyReLU(negative_slope=" + numberText(l.negativeSlope) + ")";
        },
    .pythonPrelude = {},
    .onnx =
        [](const OnnxLayer& l, OnnxEmitter& e) {
            return e.node("LeakyRelu", {l.input}, l.name("leaky_relu"),
                {OnnxAttribute::real("alpha", static_cast<float>(l.spec.negativeSlope))});
        },
};

constinit const LayerKindInfo kGeluKind = {
    .name = "GELU",
    .defaults = {},
    .fields = {},
    .shapeRule = sameShape,
    .settings = noSettings,
    .python = [](const LayerSpec&, const std::vector<std::int64_t>&) { return std::string("nn.GELU()"); },
    .pythonPrelude = {},
    .onnx = geluOnnx,
};

constinit const LayerKindInfo kSiluKind = {
    .name = "SiLU",
    .defaults = {},
    .fields = {},
    .shapeRule = sameShape,
    .settings = noSettings,
    .python = [](const LayerSpec&, const std::vector<std::int64_t>&) { return std::string("nn.SiLU()"); },
    .pythonPrelude = {},
    .onnx = siluOnnx,
};

constinit const LayerKindInfo kSigmoidKind = {
    .name = "Sigmoid",
    .defaults = {},
    .fields = {},
    .shapeRule = sameShape,
    .settings = noSettings,
    .python = [](const LayerSpec&, const std::vector<std::int64_t>&) { return std::string("nn.Sigmoid()"); },
    .pythonPrelude = {},
    .onnx = [](const OnnxLayer& l, OnnxEmitter& e) { return e.node("Sigmoid", {l.input}, l.name("sigmoid")); },
};

constinit const LayerKindInfo kTanhKind = {
    .name = "Tanh",
    .defaults = {},
    .fields = {},
    .shapeRule = sameShape,
    .settings = noSettings,
    .python = [](const LayerSpec&, const std::vector<std::int64_t>&) { return std::string("nn.Tanh()"); },
    .pythonPrelude = {},
    .onnx = [](const OnnxLayer& l, OnnxEmitter& e) { return e.node("Tanh", {l.input}, l.name("tanh")); },
};

} // namespace cnnwb::engine
