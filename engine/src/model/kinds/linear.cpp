// Linear: out features (LayerSpec::outChannels), in features (0 = the vector it gets), bias.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    intField("in_features", "inFeatures", "In features:", &LayerSpec::inFeatures, 0, 1 << 24, "automatic",
        LayerField::Form::OmittedWhenZero),
    intField("out_features", "outChannels", "Out features:", &LayerSpec::outChannels, 1, 1 << 20),
    boolField("bias", "bias", "Bias", &LayerSpec::bias),
};

void shapeRule(const LayerSpec& layer, ShapeCheck& check)
{
    bool ok = check.require(layer.outChannels >= 1, "out features must be at least 1");
    ok &= check.require(layer.inFeatures >= 0, "in features cannot be negative (0 means automatic)");
    if (!ok || !check.known())
        return;
    const Shape& in = check.in();
    if (!check.require(in.size() == 1,
            ProblemPhrase{"Linear needs a vector, but gets %1 (add a Flatten before it)", {shapeValue(in)}}))
        return;
    if (!check.require(layer.inFeatures == 0 || layer.inFeatures == in[0],
            ProblemPhrase{"expects %1 inputs but gets %2 (set in features to automatic)",
                {numberValue(layer.inFeatures), numberValue(in[0])}}))
        return;
    LayerAnalysis& out = check.out();
    out.outputShape = {layer.outChannels};
    out.parameters = in[0] * layer.outChannels + (layer.bias ? layer.outChannels : 0);
    out.macs = in[0] * layer.outChannels;
}

std::vector<SettingsPhrase> settings(const LayerSpec& layer)
{
    // "%1 → %2" has nothing to translate but the word "auto".
    std::vector<SettingsPhrase> phrases = {{"%1 → %2",
        {layer.inFeatures > 0 ? settingNumber(layer.inFeatures) : settingWord("auto"),
            settingNumber(layer.outChannels)}}};
    if (!layer.bias)
        phrases.push_back({", no bias", {}});
    return phrases;
}

std::string onnx(const OnnxLayer& layer, OnnxEmitter& e)
{
    const LayerSpec& l = layer.spec;
    std::vector<std::string> inputs
        = {layer.input, e.weight(layer.name("weight"), layer.index, {l.outChannels, layer.in[0]})};
    if (l.bias)
        inputs.push_back(e.weight(layer.name("bias"), layer.index, {l.outChannels}));
    return e.node("Gemm", inputs, layer.name("linear"), {OnnxAttribute::integer("transB", 1)});
}

} // namespace

constinit const LayerKindInfo kLinearKind = {
    .name = "Linear",
    .defaults = {.outChannels = 10},
    .fields = kFields,
    .shapeRule = shapeRule,
    .settings = settings,
    .python =
        [](const LayerSpec& l, const std::vector<std::int64_t>& in) {
            return "nn.Linear(" + std::to_string(in[0]) + ", " + std::to_string(l.outChannels)
                + ", bias=" + pythonBool(l.bias) + ")";
        },
    .pythonPrelude = {},
    .onnx = onnx,
};

} // namespace cnnwb::engine
