#pragma once

#include "cnnwb/engine/train/pretrained_weights.h"

#include <torch/nn/modules/container/sequential.h>

namespace cnnwb::engine {

/// Copies the weights of `file` into `model` (built from `spec`, on the CPU) as WeightsImport says;
/// throws before changing anything when they do not fit.
WeightsImport importWeights(torch::nn::Sequential& model, const ModelSpec& spec, const std::filesystem::path& file);

} // namespace cnnwb::engine
