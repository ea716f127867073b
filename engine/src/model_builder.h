#pragma once

#include "cnnwb/engine/model_spec.h"

#include <torch/nn/modules/container/sequential.h>

namespace cnnwb::engine {

/// Builds the spec as an nn.Sequential whose parameter names follow PyTorch's ("0.weight",
/// "3.conv1.weight", ...), so a state dict saved here loads into the Python nn.Sequential that
/// pythonCode() writes. Throws Error(InvalidArgument) listing every problem when the spec is invalid.
[[nodiscard]] torch::nn::Sequential buildModel(const ModelSpec& spec);

} // namespace cnnwb::engine
