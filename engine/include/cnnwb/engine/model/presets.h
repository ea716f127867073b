#pragma once

#include "cnnwb/engine/model/model_spec.h"

#include <string>
#include <vector>

namespace cnnwb::engine {

/// A model shipped with the workbench (resources/presets/*.json, compiled into the engine so the
/// CLI and the GUI have them wherever they run).
struct Preset {
    std::string id; ///< file name without .json, e.g. "resnet_small"
    ModelSpec spec;
};

/// SimpleCNN (the default), LeNet-5, a small VGG and a ResNet-style network, in that order.
[[nodiscard]] const std::vector<Preset>& builtInPresets();

/// The preset fitted to a dataset: its input shape becomes `input` and, when the last layer is a
/// Linear, its outputs become `classCount`. Linear layers with automatic in-features follow along.
[[nodiscard]] ModelSpec adaptToDataset(ModelSpec spec, const ImageShape& input, int classCount);

} // namespace cnnwb::engine
