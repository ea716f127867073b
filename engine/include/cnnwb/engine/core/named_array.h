#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// One parameter or buffer of a model as plain floats, for code that must not see LibTorch (the
/// ONNX writer). `name` is nn.Sequential's ("0.weight", "3.bn1.running_mean").
struct NamedArray {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> values; ///< row-major, shape's product long

    [[nodiscard]] std::string shapeText() const; ///< "32x3x3x3"
};

} // namespace cnnwb::engine
