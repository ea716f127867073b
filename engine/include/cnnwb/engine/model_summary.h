#pragma once

#include "cnnwb/engine/image_shape.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// One row of a model summary, computed from shapes alone (no tensors).
struct LayerSummary {
    std::string kind; ///< "Conv2d", "ReLU", ...
    std::string parameters; ///< key settings, e.g. "3→32, kernel 3, stride 1, padding 1"
    std::vector<std::int64_t> outputShape; ///< per sample, without the batch dimension
    std::int64_t parameterCount = 0;
};

/// The seed CNN the trainer builds (see Trainer), layer by layer, for this input and class count.
[[nodiscard]] std::vector<LayerSummary> summarizeSeedCnn(const ImageShape& input, int classCount);

/// "32x16x16" or "10".
[[nodiscard]] std::string shapeToString(const std::vector<std::int64_t>& shape);

} // namespace cnnwb::engine
