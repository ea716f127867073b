#include "cnnwb/engine/model/model_analysis.h"

#include <numeric>
#include <sstream>

namespace cnnwb::engine {
namespace {

using Shape = std::vector<std::int64_t>;

std::int64_t elements(const Shape& shape)
{
    return shape.empty() ? 0 : std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

std::string describe(const Shape& shape)
{
    if (shape.size() == 3)
        return std::to_string(shape[0]) + "×" + std::to_string(shape[1]) + "×" + std::to_string(shape[2]);
    if (shape.size() == 1)
        return "a vector of " + std::to_string(shape[0]);
    return "?";
}

// Collects the problems of one layer; the first one also marks the layer invalid.
class LayerCheck {
public:
    explicit LayerCheck(std::vector<std::string>& problems)
        : m_problems(problems)
    {
    }

    bool require(bool condition, const std::string& message)
    {
        if (!condition)
            m_problems.push_back(message);
        return condition;
    }

private:
    std::vector<std::string>& m_problems;
};

// Output size of a sliding window (conv or pool) along one axis, as PyTorch computes it (floor mode).
std::int64_t windowOutput(std::int64_t size, int kernel, int stride, int padding, int dilation)
{
    const std::int64_t span = std::int64_t{dilation} * (kernel - 1) + 1;
    if (size + 2 * padding < span)
        return 0;
    return (size + 2 * padding - span) / stride + 1;
}

std::string fitProblem(const Shape& in, int kernel, int padding, int dilation)
{
    std::ostringstream text;
    text << "input is " << in[1] << "×" << in[2] << ", kernel " << kernel;
    if (dilation != 1)
        text << " with dilation " << dilation;
    if (padding != 0)
        text << " and padding " << padding;
    text << " does not fit";
    return text.str();
}

const char* needsFeatureMap(LayerKind kind)
{
    switch (kind) {
    case LayerKind::Linear:
        return "";
    default:
        return "needs a C×H×W feature map";
    }
}

void analyzeLayer(
    const LayerSpec& layer, const std::optional<Shape>& input, LayerAnalysis& out, std::vector<std::string>& problems)
{
    LayerCheck check(problems);
    const bool known = input.has_value();
    const Shape in = known ? *input : Shape{};
    // False when the layer cannot go on: an unknown input (after an invalid layer) or not a feature map.
    auto needsMap = [&] {
        return known
            && check.require(in.size() == 3,
                std::string(needsFeatureMap(layer.kind)) + ", but gets " + describe(in)
                    + " (move it before the Flatten)");
    };

    switch (layer.kind) {
    case LayerKind::Conv2d: {
        bool ok = check.require(layer.outChannels >= 1, "out channels must be at least 1");
        ok &= check.require(layer.kernel >= 1, "kernel size must be at least 1");
        ok &= check.require(layer.stride >= 1, "stride must be at least 1");
        ok &= check.require(layer.dilation >= 1, "dilation must be at least 1");
        ok &= check.require(layer.padding >= 0, "padding cannot be negative");
        ok &= check.require(layer.groups >= 1, "groups must be at least 1");
        ok &= check.require(!layer.samePadding || layer.stride == 1, "padding \"same\" needs stride 1");
        if (ok && layer.groups >= 1)
            ok &= check.require(layer.outChannels % layer.groups == 0,
                "out channels " + std::to_string(layer.outChannels) + " are not divisible by groups "
                    + std::to_string(layer.groups));
        if (!ok || !needsMap())
            return;
        ok = check.require(in[0] % layer.groups == 0,
            "input channels " + std::to_string(in[0]) + " are not divisible by groups " + std::to_string(layer.groups));
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
        out.outputShape = {layer.outChannels, h, w};
        out.parameters = layer.outChannels * perOutput + (layer.bias ? layer.outChannels : 0);
        out.macs = layer.outChannels * h * w * perOutput;
        break;
    }
    case LayerKind::BatchNorm2d:
        if (!needsMap())
            return;
        out.outputShape = in;
        out.parameters = 2 * in[0];
        out.buffers = 2 * in[0] + 1;
        out.macs = 2 * elements(in);
        break;
    case LayerKind::LeakyReLU:
    case LayerKind::ReLU:
    case LayerKind::GELU:
    case LayerKind::SiLU:
    case LayerKind::Sigmoid:
    case LayerKind::Tanh:
        if (!known)
            return;
        out.outputShape = in;
        break;
    case LayerKind::Dropout:
        if (!check.require(layer.probability >= 0.0 && layer.probability <= 1.0, "p must be between 0 and 1") || !known)
            return;
        out.outputShape = in;
        break;
    case LayerKind::Dropout2d:
        if (!check.require(layer.probability >= 0.0 && layer.probability <= 1.0, "p must be between 0 and 1"))
            return;
        if (known
            && !check.require(in.size() == 3,
                "Dropout2d drops whole channels and needs a C×H×W feature map, "
                "but gets "
                    + describe(in) + " (use Dropout after Flatten)"))
            return;
        if (known)
            out.outputShape = in;
        break;
    case LayerKind::MaxPool2d:
    case LayerKind::AvgPool2d: {
        const int stride = layer.stride == 0 ? layer.kernel : layer.stride;
        bool ok = check.require(layer.kernel >= 1, "kernel size must be at least 1");
        ok &= check.require(stride >= 1, "stride must be at least 1 (or 0 for \"same as kernel\")");
        ok &= check.require(layer.padding >= 0 && layer.padding * 2 <= layer.kernel,
            "padding must be between 0 and half the kernel size");
        if (!ok || !needsMap())
            return;
        const std::int64_t h = windowOutput(in[1], layer.kernel, stride, layer.padding, 1);
        const std::int64_t w = windowOutput(in[2], layer.kernel, stride, layer.padding, 1);
        if (!check.require(h >= 1 && w >= 1, fitProblem(in, layer.kernel, layer.padding, 1)))
            return;
        out.outputShape = {in[0], h, w};
        break;
    }
    case LayerKind::AdaptiveAvgPool2d:
        if (!check.require(layer.outputSize >= 1, "output size must be at least 1") || !needsMap())
            return;
        out.outputShape = {in[0], layer.outputSize, layer.outputSize};
        break;
    case LayerKind::Flatten:
        if (!known)
            return;
        out.outputShape = {elements(in)};
        break;
    case LayerKind::Linear: {
        bool ok = check.require(layer.outChannels >= 1, "out features must be at least 1");
        ok &= check.require(layer.inFeatures >= 0, "in features cannot be negative (0 means automatic)");
        if (!ok || !known)
            return;
        if (!check.require(
                in.size() == 1, "Linear needs a vector, but gets " + describe(in) + " (add a Flatten before it)"))
            return;
        if (!check.require(layer.inFeatures == 0 || layer.inFeatures == in[0],
                "expects " + std::to_string(layer.inFeatures) + " inputs but gets " + std::to_string(in[0])
                    + " (set in features to automatic)"))
            return;
        out.outputShape = {layer.outChannels};
        out.parameters = in[0] * layer.outChannels + (layer.bias ? layer.outChannels : 0);
        out.macs = in[0] * layer.outChannels;
        break;
    }
    case LayerKind::ResidualBlock: {
        bool ok = check.require(layer.outChannels >= 1, "out channels must be at least 1");
        ok &= check.require(layer.stride >= 1, "stride must be at least 1");
        if (!ok || !needsMap())
            return;
        const std::int64_t c = in[0];
        const std::int64_t o = layer.outChannels;
        const std::int64_t h = windowOutput(in[1], 3, layer.stride, 1, 1);
        const std::int64_t w = windowOutput(in[2], 3, layer.stride, 1, 1);
        const bool projection = layer.stride != 1 || c != o;
        out.outputShape = {o, h, w};
        out.parameters = o * c * 9 + 2 * o + o * o * 9 + 2 * o + (projection ? o * c + 2 * o : 0);
        out.buffers = (2 * o + 1) * (projection ? 3 : 2);
        out.macs = h * w * o * (c * 9 + o * 9 + (projection ? c : 0)) + h * w * o * 2 * (projection ? 3 : 2);
        // conv, bn, relu, conv, bn, (conv, bn,) sum, relu: all kept for the backward pass.
        out.activations = o * h * w * (projection ? 8 : 6);
        return;
    }
    }
    out.activations = elements(out.outputShape);
}

} // namespace

std::int64_t ModelAnalysis::trainingMemoryBytes(int batchSize) const noexcept
{
    constexpr std::int64_t kFloat = 4;
    // weights + gradients + Adam's two moments; activations and their gradients per sample.
    return parameters * kFloat * 4 + std::int64_t{batchSize} * activations * kFloat * 2;
}

ModelAnalysis analyzeModel(const ModelSpec& spec, std::optional<int> classCount)
{
    ModelAnalysis analysis;
    std::optional<Shape> current;
    if (spec.input.channels >= 1 && spec.input.height >= 1 && spec.input.width >= 1)
        current = Shape{spec.input.channels, spec.input.height, spec.input.width};
    else
        analysis.problems.push_back({-1, "the input shape " + spec.input.toString() + " must be positive"});
    if (spec.layers.empty())
        analysis.problems.push_back({-1, "the network has no layers"});

    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& layer = spec.layers[i];
        LayerAnalysis result;
        if (current)
            result.inputShape = *current;
        std::vector<std::string> problems;
        analyzeLayer(layer, current, result, problems);
        const std::string prefix = "layer " + std::to_string(i) + " " + std::string(layerKindName(layer.kind)) + ": ";
        for (const std::string& problem : problems)
            analysis.problems.push_back({static_cast<int>(i), prefix + problem});
        if (!problems.empty())
            result.problem = prefix + problems.front();
        if (result.outputShape.empty())
            current.reset(); // the layers after an invalid one have no known input
        else
            current = result.outputShape;
        analysis.parameters += result.parameters;
        analysis.macs += result.macs;
        analysis.activations += result.activations;
        analysis.layers.push_back(std::move(result));
    }

    if (current && !spec.layers.empty()) {
        analysis.outputShape = *current;
        const int last = static_cast<int>(spec.layers.size()) - 1;
        const std::string prefix
            = "layer " + std::to_string(last) + " " + std::string(layerKindName(spec.layers.back().kind)) + ": ";
        if (current->size() != 1) {
            analysis.problems.push_back({last,
                prefix + "the network ends in a " + describe(*current)
                    + " feature map; end it with Flatten and Linear so that it gives "
                      "one score per class"});
        } else if (classCount && (*current)[0] != *classCount) {
            analysis.problems.push_back({last,
                prefix + "the network gives " + std::to_string((*current)[0]) + " scores but the dataset has "
                    + std::to_string(*classCount) + " classes"});
        }
        if (!analysis.valid() && !analysis.layers.back().problem && analysis.problems.back().layerIndex == last)
            analysis.layers.back().problem = analysis.problems.back().message;
    }
    return analysis;
}

} // namespace cnnwb::engine
