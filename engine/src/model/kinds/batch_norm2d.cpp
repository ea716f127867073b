// BatchNorm2d: no settings; its channels are the input's. Exported in its inference form.
#include "model/kinds/kinds.h"

#include "export/onnx_emitter.h"
#include "model/shape_check.h"

namespace cnnwb::engine {
namespace {

void shapeRule(const LayerSpec& /*layer*/, ShapeCheck& check)
{
    if (!check.needsFeatureMap())
        return;
    const Shape& in = check.in();
    LayerAnalysis& out = check.out();
    out.outputShape = in;
    out.parameters = 2 * in[0];
    out.buffers = 2 * in[0] + 1; // running mean and variance, and the batch count
    out.macs = 2 * elements(in);
}

} // namespace

constinit const LayerKindInfo kBatchNorm2dKind = {
    .name = "BatchNorm2d",
    .defaults = {},
    .fields = {},
    .shapeRule = shapeRule,
    .settings = noSettings,
    .python = [](const LayerSpec&,
                  const std::vector<std::int64_t>& in) { return "nn.BatchNorm2d(" + std::to_string(in[0]) + ")"; },
    .pythonPrelude = {},
    .onnx
    = [](const OnnxLayer& layer,
          OnnxEmitter& emitter) { return emitter.batchNorm(layer.input, layer.name(""), layer.in[0], layer.index); },
};

} // namespace cnnwb::engine
