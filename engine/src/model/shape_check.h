#pragma once

#include "cnnwb/engine/model/model_analysis.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

using Shape = std::vector<std::int64_t>;

/// What a kind's shape rule works with: the layer's input (unknown after an invalid layer), the
/// analysis it fills in and the problems it reports. The first problem marks the layer invalid.
class ShapeCheck {
public:
    ShapeCheck(const std::optional<Shape>& input, LayerAnalysis& out, std::vector<ProblemPhrase>& problems);

    /// Reports `problem` unless `condition` holds; returns `condition`.
    bool require(bool condition, ProblemPhrase problem);
    bool require(bool condition, std::string_view sentence) { return require(condition, ProblemPhrase{sentence, {}}); }
    /// Whether the input shape is known (it is not after an invalid layer).
    [[nodiscard]] bool known() const noexcept { return m_known; }
    /// The input per sample; empty when unknown.
    [[nodiscard]] const Shape& in() const noexcept { return m_in; }
    /// False when the layer cannot go on: an unknown input, or (reported) one that is not C×H×W.
    bool needsFeatureMap();
    [[nodiscard]] LayerAnalysis& out() noexcept { return m_out; }

private:
    bool m_known;
    Shape m_in;
    LayerAnalysis& m_out;
    std::vector<ProblemPhrase>& m_problems;
};

/// The number of elements of a shape (0 for an empty one).
[[nodiscard]] std::int64_t elements(const Shape& shape);
/// "3×32×32", "a vector of 10".
[[nodiscard]] std::string describeShape(const Shape& shape);
/// Output size of a sliding window (conv or pool) along one axis, as PyTorch computes it (floor
/// mode); 0 when the window does not fit.
[[nodiscard]] std::int64_t windowOutput(std::int64_t size, int kernel, int stride, int padding, int dilation);
/// A shape as a phrase's value: "3×32×32", or 10 in "a vector of %1".
[[nodiscard]] ProblemPhrase::Value shapeValue(const Shape& shape);
/// A number as a phrase's value.
[[nodiscard]] inline ProblemPhrase::Value numberValue(std::int64_t number)
{
    return {std::to_string(number), {}};
}
/// "input is 3×3, kernel 5 does not fit" (with the dilation and padding when they matter).
[[nodiscard]] ProblemPhrase fitProblem(const Shape& in, int kernel, int padding, int dilation);

} // namespace cnnwb::engine
