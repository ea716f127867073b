#include "cnnwb/engine/export/python_code.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_analysis.h"

#include <sstream>

namespace cnnwb::engine {
namespace {

std::string number(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

std::string pyBool(bool value)
{
    return value ? "True" : "False";
}

std::string moduleCall(const LayerSpec& l, const std::vector<std::int64_t>& in)
{
    const std::string stride = std::to_string(l.stride == 0 ? l.kernel : l.stride);
    switch (l.kind) {
    case LayerKind::Conv2d:
        return "nn.Conv2d(" + std::to_string(in[0]) + ", " + std::to_string(l.outChannels)
            + ", kernel_size=" + std::to_string(l.kernel) + ", stride=" + std::to_string(l.stride)
            + ", padding=" + (l.samePadding ? std::string("\"same\"") : std::to_string(l.padding)) + ", dilation="
            + std::to_string(l.dilation) + ", groups=" + std::to_string(l.groups) + ", bias=" + pyBool(l.bias) + ")";
    case LayerKind::BatchNorm2d:
        return "nn.BatchNorm2d(" + std::to_string(in[0]) + ")";
    case LayerKind::ReLU:
        return "nn.ReLU()";
    case LayerKind::LeakyReLU:
        return "nn.LeakyReLU(negative_slope=" + number(l.negativeSlope) + ")";
    case LayerKind::GELU:
        return "nn.GELU()";
    case LayerKind::SiLU:
        return "nn.SiLU()";
    case LayerKind::Sigmoid:
        return "nn.Sigmoid()";
    case LayerKind::Tanh:
        return "nn.Tanh()";
    case LayerKind::MaxPool2d:
        return "nn.MaxPool2d(kernel_size=" + std::to_string(l.kernel) + ", stride=" + stride
            + ", padding=" + std::to_string(l.padding) + ")";
    case LayerKind::AvgPool2d:
        return "nn.AvgPool2d(kernel_size=" + std::to_string(l.kernel) + ", stride=" + stride
            + ", padding=" + std::to_string(l.padding) + ")";
    case LayerKind::AdaptiveAvgPool2d:
        return "nn.AdaptiveAvgPool2d(" + std::to_string(l.outputSize) + ")";
    case LayerKind::Dropout:
        return "nn.Dropout(p=" + number(l.probability) + ")";
    case LayerKind::Dropout2d:
        return "nn.Dropout2d(p=" + number(l.probability) + ")";
    case LayerKind::Flatten:
        return "nn.Flatten()";
    case LayerKind::Linear:
        return "nn.Linear(" + std::to_string(in[0]) + ", " + std::to_string(l.outChannels) + ", bias=" + pyBool(l.bias)
            + ")";
    case LayerKind::ResidualBlock:
        return "ResidualBlock(" + std::to_string(in[0]) + ", " + std::to_string(l.outChannels)
            + ", stride=" + std::to_string(l.stride) + ")";
    }
    return "";
}

constexpr const char* kResidualBlockClass = R"(

class ResidualBlock(nn.Module):
    """ResNet's basic block: two 3x3 conv + BN with ReLU; a 1x1 conv + BN shortcut when the shape changes."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, padding=0, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))
)";

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
    bool residual = false;
    for (const LayerSpec& layer : spec.layers)
        residual |= layer.kind == LayerKind::ResidualBlock;

    const std::string name = spec.name.empty() ? std::string("model") : spec.name;
    std::ostringstream py;
    py << "# " << name << ", written by CNN Workbench.\n"
       << "# The same network as in the workbench; the state dict it saves (model.pth) loads into it:\n"
       << "#     model = build_model()\n"
       << "#     model.load_state_dict(torch.load(\"model.pth\"))\n"
       << "import torch\n"
       << "from torch import nn\n";
    if (residual)
        py << kResidualBlockClass;
    py << "\n\ndef build_model() -> nn.Sequential:\n"
       << "    \"\"\"" << name << ": input " << spec.input.toString() << ", " << analysis.parameters
       << " trainable parameters.\"\"\"\n"
       << "    return nn.Sequential(\n";
    for (std::size_t i = 0; i < spec.layers.size(); ++i)
        py << "        " << moduleCall(spec.layers[i], analysis.layers[i].inputShape) << ",  # " << i << ": -> "
           << shapeText(analysis.layers[i].outputShape) << "\n";
    py << "    )\n\n\n"
       << "if __name__ == \"__main__\":\n"
       << "    model = build_model()\n"
       << "    print(model)\n"
       << "    print(model(torch.zeros(1, " << spec.input.channels << ", " << spec.input.height << ", "
       << spec.input.width << ")).shape)\n";
    return py.str();
}

} // namespace cnnwb::engine
