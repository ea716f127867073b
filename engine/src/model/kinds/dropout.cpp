// Dropout (single elements, any shape) and Dropout2d (whole channels of a feature map); both have
// a drop probability p and are left out of the inference graph.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

#include <array>

namespace cnnwb::engine {
namespace {

constexpr std::array kFields = {
    realField("p", "probability", "Drop probability:", &LayerSpec::probability, 0.0, 1.0, 0.05),
};

bool probabilityValid(const LayerSpec& layer, ShapeCheck& check)
{
    return check.require(layer.probability >= 0.0 && layer.probability <= 1.0, "p must be between 0 and 1");
}

void dropoutShape(const LayerSpec& layer, ShapeCheck& check)
{
    if (!probabilityValid(layer, check) || !check.known())
        return;
    check.out().outputShape = check.in();
}

void dropout2dShape(const LayerSpec& layer, ShapeCheck& check)
{
    if (!probabilityValid(layer, check))
        return;
    if (check.known()
        && !check.require(check.in().size() == 3,
            ProblemPhrase{"Dropout2d drops whole channels and needs a C×H×W feature map, but gets %1 (use Dropout "
                          "after Flatten)",
                {shapeValue(check.in())}}))
        return;
    if (check.known())
        check.out().outputShape = check.in();
}

std::vector<SettingsPhrase> settings(const LayerSpec& layer)
{
    return {{"p = %1", {settingNumber(layer.probability)}}};
}

std::string identityAtInference(const OnnxLayer& layer, OnnxEmitter& /*emitter*/)
{
    return layer.input;
}

} // namespace

constinit const LayerKindInfo kDropoutKind = {
    .name = "Dropout",
    .defaults = {},
    .fields = kFields,
    .shapeRule = dropoutShape,
    .settings = settings,
    .python = [](const LayerSpec& l,
                  const std::vector<std::int64_t>&) { return "nn.Dropout(p=" + numberText(l.probability) + ")"; },
    .pythonPrelude = {},
    .onnx = identityAtInference,
};

constinit const LayerKindInfo kDropout2dKind = {
    .name = "Dropout2d",
    .defaults = {},
    .fields = kFields,
    .shapeRule = dropout2dShape,
    .settings = settings,
    .python = [](const LayerSpec& l,
                  const std::vector<std::int64_t>&) { return "nn.Dropout2d(p=" + numberText(l.probability) + ")"; },
    .pythonPrelude = {},
    .onnx = identityAtInference,
};

} // namespace cnnwb::engine
