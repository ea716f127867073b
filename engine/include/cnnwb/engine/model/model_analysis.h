#pragma once

#include "cnnwb/engine/model/model_spec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// A problem with one layer (or the whole network when layerIndex is -1), in words a student
/// understands: "layer 4 MaxPool2d: input is 1×1, kernel 2 does not fit".
struct SpecProblem {
    int layerIndex = -1;
    std::string message; ///< the full sentence, including "layer N Kind: "

    friend bool operator==(const SpecProblem&, const SpecProblem&) = default;
};

/// Shape inference for one layer; computed from numbers alone, without LibTorch.
struct LayerAnalysis {
    std::vector<std::int64_t> inputShape;  ///< per sample (no batch dimension); empty if unknown
    std::vector<std::int64_t> outputShape; ///< empty when the layer is invalid
    std::int64_t parameters = 0;           ///< trainable parameters
    std::int64_t buffers = 0;              ///< non-trainable state (BatchNorm running statistics)
    std::int64_t macs = 0;                 ///< multiply-accumulates per sample
    std::int64_t activations = 0;          ///< output elements per sample
    std::optional<std::string> problem;    ///< set when the layer is invalid
};

struct ModelAnalysis {
    std::vector<LayerAnalysis> layers;
    std::vector<SpecProblem> problems; ///< every problem found, in layer order
    std::int64_t parameters = 0;
    std::int64_t macs = 0;
    std::int64_t activations = 0; ///< sum of every layer's output elements per sample
    std::vector<std::int64_t> outputShape;

    [[nodiscard]] bool valid() const noexcept { return problems.empty(); }

    /// Rough float32 training memory in bytes for a batch: weights, gradients and two Adam moments,
    /// plus every layer's activations kept for the backward pass (and their gradients).
    [[nodiscard]] std::int64_t trainingMemoryBytes(int batchSize) const noexcept;
};

/// Infers every layer's shapes and costs and collects every problem. Never throws for a bad spec.
/// With `classCount`, the last layer must output exactly that many scores.
[[nodiscard]] ModelAnalysis analyzeModel(const ModelSpec& spec, std::optional<int> classCount = std::nullopt);

} // namespace cnnwb::engine
