#include "cnnwb/engine/model/model_spec.h"

#include "core/binary_file.h"
#include "core/json_document.h"
#include "model/layer_kind.h"

#include "cnnwb/engine/core/error.h"

#include <nlohmann/json.hpp>

#include <array>
#include <variant>

namespace cnnwb::engine {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& path, const std::string& what)
{
    throw Error(ErrorCode::InvalidData, path + ": " + what, {source});
}

template <typename T>
T read(const json& object, std::string_view key, const T& fallback, const std::string& source, const std::string& path)
{
    const auto it = object.find(std::string(key));
    if (it == object.end())
        return fallback;
    const std::string where = path + "." + std::string(key);
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
    try {
        return jsonGet<T>(*it);
    } catch (const json::exception&) {
        fail(source, where, "is out of range");
    }
}

// Every setting a layer can have, under its usual key, in the order they are read (so the first bad
// one is reported). A layer may carry settings its kind does not use; they are read all the same.
constexpr std::array kSettings = {
    LayerField{.key = "out_channels", .member = &LayerSpec::outChannels},
    LayerField{.key = "kernel_size", .member = &LayerSpec::kernel},
    LayerField{.key = "stride", .member = &LayerSpec::stride},
    LayerField{.key = "padding", .member = &LayerSpec::padding, .form = LayerField::Form::IntegerOrSame},
    LayerField{.key = "dilation", .member = &LayerSpec::dilation},
    LayerField{.key = "groups", .member = &LayerSpec::groups},
    LayerField{.key = "bias", .member = &LayerSpec::bias},
    LayerField{.key = "in_features", .member = &LayerSpec::inFeatures},
    LayerField{.key = "output_size", .member = &LayerSpec::outputSize},
    LayerField{.key = "p", .member = &LayerSpec::probability},
    LayerField{.key = "negative_slope", .member = &LayerSpec::negativeSlope},
    LayerField{.key = "expand_ratio", .member = &LayerSpec::expandRatio},
};

// The key of a setting for this kind: its own name for the member (Linear's out_features) if it has one.
std::string_view keyFor(const LayerKindInfo& kind, const LayerField& setting)
{
    for (const LayerField& field : kind.fields)
        if (field.member == setting.member)
            return field.key;
    return setting.key;
}

json layerToJson(const LayerSpec& layer)
{
    json j;
    j["type"] = std::string(layerKindName(layer.kind));
    for (const LayerField& field : layerKindInfo(layer.kind).fields) {
        const std::string key(field.key);
        if (field.form == LayerField::Form::IntegerOrSame && layer.samePadding) {
            j[key] = "same";
            continue;
        }
        std::visit(
            [&](auto member) {
                const auto& value = layer.*member;
                if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, int>)
                    if (field.form == LayerField::Form::OmittedWhenZero && value == 0)
                        return;
                j[key] = value;
            },
            field.member);
    }
    if (!layer.trainable)
        j["trainable"] = false;
    if (!layer.weightsName.empty())
        j["weights_name"] = layer.weightsName;
    return j;
}

void readSetting(const json& j, const LayerField& setting, std::string_view key, LayerSpec& layer,
    const std::string& source, const std::string& path)
{
    if (setting.form == LayerField::Form::IntegerOrSame) {
        if (const auto value = j.find(std::string(key)); value != j.end() && value->is_string()) {
            if (value->get<std::string>() != "same")
                fail(source, path + "." + std::string(key), "expected an integer or \"same\"");
            layer.samePadding = true;
            layer.*std::get<int LayerSpec::*>(setting.member) = 0;
            return;
        }
    }
    std::visit([&](auto member) { layer.*member = read(j, key, layer.*member, source, path); }, setting.member);
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
    LayerSpec layer = LayerSpec::defaults(*kind);
    for (const LayerField& setting : kSettings)
        readSetting(j, setting, keyFor(layerKindInfo(*kind), setting), layer, source, path);
    layer.trainable = read(j, "trainable", layer.trainable, source, path);
    layer.weightsName = read(j, "weights_name", layer.weightsName, source, path);
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
    try {
        spec.input = {jsonGet<int>((*input)[0]), jsonGet<int>((*input)[1]), jsonGet<int>((*input)[2])};
    } catch (const json::exception&) {
        fail(source, "model.input", "is out of range");
    }
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
