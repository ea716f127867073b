#include "cnnwb/engine/export/python_code.h"

#include "model/layer_kind.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_analysis.h"

#include <algorithm>
#include <sstream>

namespace cnnwb::engine {
namespace {

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            text += 'x'; // see NamedArray::shapeText
        text += std::to_string(shape[i]);
    }
    return text;
}

} // namespace

std::string pythonCode(const ModelSpec& spec)
{
    const ModelAnalysis analysis = analyzeModel(spec);
    if (!analysis.valid())
        throw Error(ErrorCode::InvalidArgument, "cannot write Python code: " + analysis.problems.front().message);
    const std::string name = spec.name.empty() ? std::string("model") : spec.name;
    std::ostringstream py;
    py << "# " << name << ", written by CNN Workbench.\n"
       << "# The same network as in the workbench; the state dict it saves (model.pth) loads into it:\n"
       << "#     model = build_model()\n"
       << "#     model.load_state_dict(torch.load(\"model.pth\"))\n"
       << "import torch\n"
       << "from torch import nn\n";
    // What the layers' constructors need (ResidualBlock's class), once per kind used, in kind order.
    for (const LayerKind kind : allLayerKinds()) {
        const LayerKindInfo& info = layerKindInfo(kind);
        if (!info.pythonPrelude.empty()
            && std::ranges::any_of(spec.layers, [&](const LayerSpec& layer) { return layer.kind == kind; }))
            py << info.pythonPrelude;
    }
    py << "\n\ndef build_model() -> nn.Sequential:\n"
       << "    \"\"\"" << name << ": input " << spec.input.toString() << ", " << analysis.parameters
       << " trainable parameters.\"\"\"\n"
       << "    return nn.Sequential(\n";
    for (std::size_t i = 0; i < spec.layers.size(); ++i)
        py << "        " << layerKindInfo(spec.layers[i].kind).python(spec.layers[i], analysis.layers[i].inputShape)
           << ",  # " << i << ": -> " << shapeText(analysis.layers[i].outputShape) << "\n";
    py << "    )\n\n\n"
       << "if __name__ == \"__main__\":\n"
       << "    model = build_model()\n"
       << "    print(model)\n"
       << "    print(model(torch.zeros(1, " << spec.input.channels << ", " << spec.input.height << ", "
       << spec.input.width << ")).shape)\n";
    return py.str();
}

} // namespace cnnwb::engine
