#pragma once

#include "cnnwb/engine/train/checkpoint.h"

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/container/sequential.h>

#include <string>
#include <utility>
#include <vector>

namespace cnnwb::engine {

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

/// A checkpoint's tensors, all on the CPU.
struct Checkpoint::State {
    CheckpointInfo info;
    NamedTensors model;     ///< parameters, then buffers, by nn.Sequential name
    NamedTensors optimizer; ///< "<parameter index>.<field>", e.g. "3.exp_avg"; "3.step" is an int64 scalar
    at::Tensor cpuGenerator;
    std::vector<at::Tensor> cudaGenerators; ///< one per GPU, when trained on CUDA
    std::filesystem::path file;             ///< what load() read (its run folder has the run's records)
};

/// "64x3x3x3", or "scalar": a tensor's shape as messages about weights write it.
[[nodiscard]] std::string shapeText(const at::Tensor& tensor);

/// A contiguous CPU copy of `tensor` (detached), made with a single copy.
[[nodiscard]] at::Tensor cpuCopy(const at::Tensor& tensor);

/// Parameters then buffers, detached CPU copies in standard layout, by nn.Sequential name.
[[nodiscard]] NamedTensors modelTensors(torch::nn::Sequential& model);

/// A state dict as torch.save writes it, for Python's load_state_dict.
[[nodiscard]] std::string stateDictBytes(const NamedTensors& tensors);

} // namespace cnnwb::engine
