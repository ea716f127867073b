#include "model/shape_check.h"

#include <functional>
#include <numeric>
#include <sstream>

namespace cnnwb::engine {

ShapeCheck::ShapeCheck(const std::optional<Shape>& input, LayerAnalysis& out, std::vector<std::string>& problems)
    : m_known(input.has_value())
    , m_in(input.value_or(Shape{}))
    , m_out(out)
    , m_problems(problems)
{
}

bool ShapeCheck::require(bool condition, const std::string& message)
{
    if (!condition)
        m_problems.push_back(message);
    return condition;
}

bool ShapeCheck::needsFeatureMap()
{
    return m_known
        && require(m_in.size() == 3,
            "needs a C×H×W feature map, but gets " + describeShape(m_in) + " (move it before the Flatten)");
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

} // namespace cnnwb::engine
