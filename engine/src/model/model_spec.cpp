#include "cnnwb/engine/model/model_spec.h"

#include "core/binary_file.h"
#include "core/json_document.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& path, const std::string& what)
{
    throw Error(ErrorCode::InvalidData, path + ": " + what, {source});
}

template <typename T>
T read(const json& object, const char* key, const T& fallback, const std::string& source, const std::string& path)
{
    const auto it = object.find(key);
    if (it == object.end())
        return fallback;
    const std::string where = path + "." + key;
    if constexpr (std::is_same_v<T, bool>) {
        if (!it->is_boolean())
            fail(source, where, "expected true or false");
    } else if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer())
            fail(source, where, "expected an integer");
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!it->is_number())
            fail(source, where, "expected a number");
    } else {
        if (!it->is_string())
            fail(source, where, "expected a string");
    }
    return it->get<T>();
}

json layerToJson(const LayerSpec& layer)
{
    json j;
    j["type"] = std::string(layerKindName(layer.kind));
    switch (layer.kind) {
    case LayerKind::Conv2d:
        j["out_channels"] = layer.outChannels;
        j["kernel_size"] = layer.kernel;
        j["stride"] = layer.stride;
        if (layer.samePadding)
            j["padding"] = "same";
        else
            j["padding"] = layer.padding;
        j["dilation"] = layer.dilation;
        j["groups"] = layer.groups;
        j["bias"] = layer.bias;
        break;
    case LayerKind::ResidualBlock:
        j["out_channels"] = layer.outChannels;
        j["stride"] = layer.stride;
        break;
    case LayerKind::MaxPool2d:
    case LayerKind::AvgPool2d:
        j["kernel_size"] = layer.kernel;
        j["stride"] = layer.stride;
        j["padding"] = layer.padding;
        break;
    case LayerKind::AdaptiveAvgPool2d:
        j["output_size"] = layer.outputSize;
        break;
    case LayerKind::Dropout:
    case LayerKind::Dropout2d:
        j["p"] = layer.probability;
        break;
    case LayerKind::LeakyReLU:
        j["negative_slope"] = layer.negativeSlope;
        break;
    case LayerKind::Linear:
        if (layer.inFeatures > 0)
            j["in_features"] = layer.inFeatures;
        j["out_features"] = layer.outChannels;
        j["bias"] = layer.bias;
        break;
    default:
        break;
    }
    return j;
}

LayerSpec layerFromJson(const json& j, const std::string& source, const std::string& path)
{
    if (!j.is_object())
        fail(source, path, "expected an object");
    const auto type = j.find("type");
    if (type == j.end() || !type->is_string())
        fail(source, path + ".type", "missing layer type");
    const auto kind = layerKindFromName(type->get<std::string>());
    if (!kind)
        fail(source, path + ".type", "unknown layer type \"" + type->get<std::string>() + "\"");
    const LayerSpec d = LayerSpec::defaults(*kind);
    LayerSpec layer = d;
    layer.outChannels
        = read(j, *kind == LayerKind::Linear ? "out_features" : "out_channels", d.outChannels, source, path);
    layer.kernel = read(j, "kernel_size", d.kernel, source, path);
    layer.stride = read(j, "stride", d.stride, source, path);
    if (const auto padding = j.find("padding"); padding != j.end() && padding->is_string()) {
        if (padding->get<std::string>() != "same")
            fail(source, path + ".padding", "expected an integer or \"same\"");
        layer.samePadding = true;
        layer.padding = 0;
    } else {
        layer.padding = read(j, "padding", d.padding, source, path);
    }
    layer.dilation = read(j, "dilation", d.dilation, source, path);
    layer.groups = read(j, "groups", d.groups, source, path);
    layer.bias = read(j, "bias", d.bias, source, path);
    layer.inFeatures = read(j, "in_features", d.inFeatures, source, path);
    layer.outputSize = read(j, "output_size", d.outputSize, source, path);
    layer.probability = read(j, "p", d.probability, source, path);
    layer.negativeSlope = read(j, "negative_slope", d.negativeSlope, source, path);
    return layer;
}

ModelSpec specFromJsonObject(const json& j, const std::string& source)
{
    if (!j.is_object())
        fail(source, "model", "expected an object");
    const int version = read(j, "version", ModelSpec::kVersion, source, "model");
    if (version > ModelSpec::kVersion)
        fail(source, "model.version",
            "written by a newer CNN Workbench (version " + std::to_string(version) + "; this one reads up to "
                + std::to_string(ModelSpec::kVersion) + ")");
    ModelSpec spec;
    spec.name = read(j, "name", std::string(), source, "model");
    const auto input = j.find("input");
    if (input == j.end() || !input->is_array() || input->size() != 3 || !(*input)[0].is_number_integer()
        || !(*input)[1].is_number_integer() || !(*input)[2].is_number_integer())
        fail(source, "model.input", "expected [channels, height, width]");
    spec.input = {(*input)[0].get<int>(), (*input)[1].get<int>(), (*input)[2].get<int>()};
    const auto layers = j.find("layers");
    if (layers == j.end() || !layers->is_array())
        fail(source, "model.layers", "expected a list of layers");
    for (std::size_t i = 0; i < layers->size(); ++i)
        spec.layers.push_back(layerFromJson((*layers)[i], source, "model.layers[" + std::to_string(i) + "]"));
    return spec;
}

} // namespace

ModelSpec seedModelSpec(const ImageShape& input, int classCount)
{
    ModelSpec spec;
    spec.name = "SimpleCNN";
    spec.input = input;
    LayerSpec conv = LayerSpec::defaults(LayerKind::Conv2d);
    conv.outChannels = 32;
    LayerSpec pool = LayerSpec::defaults(LayerKind::MaxPool2d);
    LayerSpec linear = LayerSpec::defaults(LayerKind::Linear);
    linear.outChannels = classCount;
    spec.layers = {conv, LayerSpec::defaults(LayerKind::ReLU), pool, LayerSpec::defaults(LayerKind::Flatten), linear};
    return spec;
}

std::string modelSpecToJson(const ModelSpec& spec)
{
    json j;
    j["version"] = ModelSpec::kVersion;
    j["name"] = spec.name;
    j["input"] = {spec.input.channels, spec.input.height, spec.input.width};
    j["layers"] = json::array();
    for (const LayerSpec& layer : spec.layers)
        j["layers"].push_back(layerToJson(layer));
    return j.dump(2) + "\n";
}

ModelSpec modelSpecFromJson(const std::string& text, const std::string& source)
{
    json j = parseJsonDocument(text, source);
    // An experiment file holds the spec under "model".
    if (j.is_object() && j.contains("model") && j["model"].is_object())
        return specFromJsonObject(j["model"], source);
    return specFromJsonObject(j, source);
}

ModelSpec loadModelSpec(const std::filesystem::path& file)
{
    return modelSpecFromJson(readTextFile(file, "model spec"), file.string());
}

} // namespace cnnwb::engine
