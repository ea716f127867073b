#pragma once

#include "cnnwb/engine/model/model_spec.h"

#include <torch/nn/modules/container/sequential.h>

#include <memory>

namespace cnnwb::engine {

class BatchNormSync;

/// Builds the spec as an nn.Sequential whose parameter names follow PyTorch's ("0.weight",
/// "3.conv1.weight", ...), so a state dict saved here loads into the Python nn.Sequential that
/// pythonCode() writes. Throws Error(InvalidArgument) listing every problem when the spec is invalid.
/// With `sync`, every BatchNorm2d is synchronized over the ranks of a distributed run (same
/// parameter names, so the state dict is the same).
[[nodiscard]] torch::nn::Sequential buildModel(
    const ModelSpec& spec, const std::shared_ptr<BatchNormSync>& sync = nullptr);

} // namespace cnnwb::engine
