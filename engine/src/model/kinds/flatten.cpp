// Flatten: a C×H×W feature map (or anything) becomes one vector per sample.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

namespace cnnwb::engine {

constinit const LayerKindInfo kFlattenKind = {
    .name = "Flatten",
    .defaults = {},
    .fields = {},
    .shapeRule =
        [](const LayerSpec&, ShapeCheck& check) {
            if (check.known())
                check.out().outputShape = {elements(check.in())};
        },
    .settings = noSettings,
    .python = [](const LayerSpec&, const std::vector<std::int64_t>&) { return std::string("nn.Flatten()"); },
    .pythonPrelude = {},
    .onnx =
        [](const OnnxLayer& l, OnnxEmitter& e) {
            return e.node("Flatten", {l.input}, l.name("flatten"), {OnnxAttribute::integer("axis", 1)});
        },
};

} // namespace cnnwb::engine
