#pragma once

#include "cnnwb/engine/image_shape.h"

#include <torch/nn/modules/container/sequential.h>

namespace cnnwb::engine {

/// The seed article's SimpleCNN as an nn.Sequential, so that parameter names ("0.weight",
/// "4.bias", ...) match Python's `nn.Sequential(Conv2d, ReLU, MaxPool2d, Flatten, Linear)`:
/// Conv2d(C, 32, 3, stride 1, padding 1) -> ReLU -> MaxPool2d(2) -> Flatten -> Linear(32*H/2*W/2, classes).
[[nodiscard]] torch::nn::Sequential buildSeedCnn(const ImageShape& input, int classCount);

} // namespace cnnwb::engine
