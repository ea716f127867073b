#include "export/onnx_emitter.h"

#include <utility>

namespace cnnwb::engine {
namespace {

constexpr double kBatchNormEpsilon = 1e-5; // torch::nn::BatchNorm2d's default

} // namespace

OnnxAttribute OnnxAttribute::integer(std::string name, std::int64_t value)
{
    return {std::move(name), value};
}

OnnxAttribute OnnxAttribute::real(std::string name, float value)
{
    return {std::move(name), value};
}

OnnxAttribute OnnxAttribute::ints(std::string name, std::vector<std::int64_t> values)
{
    return {std::move(name), std::move(values)};
}

std::string OnnxLayer::name(std::string_view suffix) const
{
    return std::to_string(index) + "." + std::string(suffix);
}

std::string OnnxEmitter::node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output)
{
    return node(op, inputs, output, {});
}

std::string OnnxEmitter::conv(const std::string& in, const std::string& prefix, std::int64_t inChannels,
    std::int64_t outChannels, std::int64_t kernel, std::int64_t stride, std::vector<std::int64_t> pads,
    std::int64_t dilation, std::int64_t groups, bool bias, int layer)
{
    std::vector<std::string> inputs
        = {in, weight(prefix + "weight", layer, {outChannels, inChannels / groups, kernel, kernel})};
    if (bias)
        inputs.push_back(weight(prefix + "bias", layer, {outChannels}));
    return node("Conv", inputs, prefix + "conv",
        {OnnxAttribute::ints("kernel_shape", {kernel, kernel}), OnnxAttribute::ints("strides", {stride, stride}),
            OnnxAttribute::ints("pads", std::move(pads)), OnnxAttribute::ints("dilations", {dilation, dilation}),
            OnnxAttribute::integer("group", groups)});
}

std::string OnnxEmitter::batchNorm(const std::string& in, const std::string& prefix, std::int64_t channels, int layer)
{
    return node("BatchNormalization",
        {in, weight(prefix + "weight", layer, {channels}), weight(prefix + "bias", layer, {channels}),
            weight(prefix + "running_mean", layer, {channels}), weight(prefix + "running_var", layer, {channels})},
        prefix + "batchnorm", {OnnxAttribute::real("epsilon", static_cast<float>(kBatchNormEpsilon))});
}

} // namespace cnnwb::engine
