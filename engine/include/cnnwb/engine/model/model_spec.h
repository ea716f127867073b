#pragma once

#include "cnnwb/engine/data/image_shape.h"
#include "cnnwb/engine/model/layer_spec.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// A network: the input image shape and an ordered stack of layers, built as an nn.Sequential.
/// Stored as JSON (docs/model-spec.md); `version` lets newer files be recognised.
struct ModelSpec {
    static constexpr int kVersion = 1;

    std::string name;
    ImageShape input{3, 32, 32};
    std::vector<LayerSpec> layers;

    friend bool operator==(const ModelSpec&, const ModelSpec&) = default;
};

/// The seed article's SimpleCNN for this input: Conv2d(C,32,3,p1), ReLU, MaxPool2d(2), Flatten, Linear(->classes).
[[nodiscard]] ModelSpec seedModelSpec(const ImageShape& input, int classCount);

/// JSON text of a spec (pretty-printed) and back. Parsing throws Error(InvalidData) with the
/// JSON path of the bad value, e.g. "layers[3].kernel: expected an integer".
[[nodiscard]] std::string modelSpecToJson(const ModelSpec& spec);
[[nodiscard]] ModelSpec modelSpecFromJson(const std::string& json, const std::string& source = "model spec");

/// Reads a spec file, or the "model" member of an experiment file. Throws Error naming the file.
[[nodiscard]] ModelSpec loadModelSpec(const std::filesystem::path& file);

} // namespace cnnwb::engine
