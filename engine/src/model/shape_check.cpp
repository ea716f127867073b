#include "model/shape_check.h"

#include <functional>
#include <numeric>

namespace cnnwb::engine {

ShapeCheck::ShapeCheck(const std::optional<Shape>& input, LayerAnalysis& out, std::vector<ProblemPhrase>& problems)
    : m_known(input.has_value())
    , m_in(input.value_or(Shape{}))
    , m_out(out)
    , m_problems(problems)
{
}

bool ShapeCheck::require(bool condition, ProblemPhrase problem)
{
    if (!condition)
        m_problems.push_back(std::move(problem));
    return condition;
}

bool ShapeCheck::needsFeatureMap()
{
    return m_known
        && require(m_in.size() == 3,
            ProblemPhrase{"needs a C×H×W feature map, but gets %1 (move it before the Flatten)", {shapeValue(m_in)}});
}

std::int64_t elements(const Shape& shape)
{
    return shape.empty() ? 0 : std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

std::string describeShape(const Shape& shape)
{
    if (shape.size() == 3)
        return std::to_string(shape[0]) + "×" + std::to_string(shape[1]) + "×" + std::to_string(shape[2]);
    if (shape.size() == 1)
        return "a vector of " + std::to_string(shape[0]);
    return "?";
}

std::int64_t windowOutput(std::int64_t size, int kernel, int stride, int padding, int dilation)
{
    const std::int64_t span = std::int64_t{dilation} * (kernel - 1) + 1;
    const std::int64_t padded = size + 2 * std::int64_t{padding};
    if (padded < span)
        return 0;
    return (padded - span) / stride + 1;
}

ProblemPhrase::Value shapeValue(const Shape& shape)
{
    if (shape.size() == 1)
        return {std::to_string(shape[0]), "a vector of %1"};
    return {describeShape(shape), {}};
}

ProblemPhrase fitProblem(const Shape& in, int kernel, int padding, int dilation)
{
    std::vector<ProblemPhrase::Value> values = {numberValue(in[1]), numberValue(in[2]), numberValue(kernel)};
    if (dilation != 1)
        values.push_back(numberValue(dilation));
    if (padding != 0)
        values.push_back(numberValue(padding));
    if (dilation != 1 && padding != 0)
        return {"input is %1×%2, kernel %3 with dilation %4 and padding %5 does not fit", std::move(values)};
    if (dilation != 1)
        return {"input is %1×%2, kernel %3 with dilation %4 does not fit", std::move(values)};
    if (padding != 0)
        return {"input is %1×%2, kernel %3 and padding %4 does not fit", std::move(values)};
    return {"input is %1×%2, kernel %3 does not fit", std::move(values)};
}

} // namespace cnnwb::engine
