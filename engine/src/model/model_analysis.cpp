#include "cnnwb/engine/model/model_analysis.h"

#include "model/layer_kind.h"
#include "model/shape_check.h"

namespace cnnwb::engine {
namespace {

void analyzeLayer(
    const LayerSpec& layer, const std::optional<Shape>& input, LayerAnalysis& out, std::vector<std::string>& problems)
{
    ShapeCheck check(input, out, problems);
    layerKindInfo(layer.kind).shapeRule(layer, check);
    // A rule that counts more activations than its output (ResidualBlock keeps its inner ones) says so.
    if (out.activations == 0)
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
                prefix + "the network ends in a " + describeShape(*current)
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
