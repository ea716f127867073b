#include "cnnwb/engine/model/model_analysis.h"

#include "cnnwb/engine/core/placeholders.h"
#include "model/layer_kind.h"
#include "model/shape_check.h"

namespace cnnwb::engine {
namespace {

void analyzeLayer(
    const LayerSpec& layer, const std::optional<Shape>& input, LayerAnalysis& out, std::vector<ProblemPhrase>& problems)
{
    ShapeCheck check(input, out, problems);
    layerKindInfo(layer.kind).shapeRule(layer, check);
    // A rule that counts more activations than its output (ResidualBlock keeps its inner ones) says so.
    if (out.activations == 0)
        out.activations = elements(out.outputShape);
}

std::string layerPrefix(int index, LayerKind kind)
{
    return "layer " + std::to_string(index) + " " + std::string(layerKindName(kind)) + ": ";
}

SpecProblem problemOf(int layerIndex, const std::string& prefix, ProblemPhrase phrase)
{
    std::string message = prefix + phrase.english();
    return {layerIndex, std::move(message), std::move(phrase)};
}

} // namespace

std::string ProblemPhrase::english() const
{
    return fillPlaceholders(text, values, [](const Value& value) {
        const std::string one[] = {value.text};
        return value.around.empty() ? value.text
                                    : fillPlaceholders(value.around, one, [](const std::string& t) { return t; });
    });
}

const SpecProblem* ModelAnalysis::firstProblemOf(int layer) const noexcept
{
    for (const SpecProblem& problem : problems)
        if (problem.layerIndex == layer)
            return &problem;
    return nullptr;
}

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
        analysis.problems.push_back(
            problemOf(-1, "", ProblemPhrase{"the input shape %1 must be positive", {{spec.input.toString(), {}}}}));
    if (spec.layers.empty())
        analysis.problems.push_back(problemOf(-1, "", ProblemPhrase{"the network has no layers", {}}));

    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& layer = spec.layers[i];
        LayerAnalysis result;
        if (current)
            result.inputShape = *current;
        std::vector<ProblemPhrase> problems;
        analyzeLayer(layer, current, result, problems);
        const std::string prefix = layerPrefix(static_cast<int>(i), layer.kind);
        for (ProblemPhrase& problem : problems)
            analysis.problems.push_back(problemOf(static_cast<int>(i), prefix, std::move(problem)));
        if (!problems.empty())
            result.problem = analysis.problems[analysis.problems.size() - problems.size()].message;
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
        const std::string prefix = layerPrefix(last, spec.layers.back().kind);
        if (current->size() != 1) {
            analysis.problems.push_back(problemOf(last, prefix,
                ProblemPhrase{"the network ends in a %1 feature map; end it with Flatten and Linear so that it gives "
                              "one score per class",
                    {shapeValue(*current)}}));
        } else if (classCount && (*current)[0] != *classCount) {
            analysis.problems.push_back(problemOf(last, prefix,
                ProblemPhrase{"the network gives %1 scores but the dataset has %2 classes",
                    {numberValue((*current)[0]), numberValue(*classCount)}}));
        }
        if (!analysis.valid() && !analysis.layers.back().problem && analysis.problems.back().layerIndex == last)
            analysis.layers.back().problem = analysis.problems.back().message;
    }
    return analysis;
}

} // namespace cnnwb::engine
