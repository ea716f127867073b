#pragma once

#include "cnnwb/engine/model/model_spec.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

/// A problem's sentence with its values apart: English with %1, %2, ... placeholders and what fills
/// them, so that a front end translates the sentence (and the phrases around values) and fills it
/// the same way (ui/common/engine_text.cpp).
struct ProblemPhrase {
    struct Value {
        std::string text;        ///< a number or a shape as the engine writes it ("3×32×32", "10")
        std::string_view around; ///< a phrase around it with %1 ("a vector of %1"); empty for none
        friend bool operator==(const Value&, const Value&) = default;
    };

    std::string_view text; ///< always a string literal, e.g. "input is %1×%2, kernel %3 does not fit"
    std::vector<Value> values;

    /// The sentence in English, filled in.
    [[nodiscard]] std::string english() const;
    friend bool operator==(const ProblemPhrase&, const ProblemPhrase&) = default;
};

/// A problem with one layer (or the whole network when layerIndex is -1), in words a student
/// understands: "layer 4 MaxPool2d: input is 1×1, kernel 2 does not fit".
struct SpecProblem {
    int layerIndex = -1;
    std::string message;  ///< the full sentence, including "layer N Kind: "
    ProblemPhrase phrase; ///< the sentence after "layer N Kind: ", for translation

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
    /// The first problem of layer `layer` (the one LayerAnalysis::problem says); null when none.
    [[nodiscard]] const SpecProblem* firstProblemOf(int layer) const noexcept;

    /// Rough float32 training memory in bytes for a batch: weights, gradients and two Adam moments,
    /// plus every layer's activations kept for the backward pass (and their gradients).
    [[nodiscard]] std::int64_t trainingMemoryBytes(int batchSize) const noexcept;
};

/// Infers every layer's shapes and costs and collects every problem. Never throws for a bad spec.
/// With `classCount`, the last layer must output exactly that many scores.
[[nodiscard]] ModelAnalysis analyzeModel(const ModelSpec& spec, std::optional<int> classCount = std::nullopt);

} // namespace cnnwb::engine
