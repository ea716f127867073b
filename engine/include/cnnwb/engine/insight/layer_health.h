#pragma once

#include "cnnwb/engine/core/phrase.h"
#include "cnnwb/engine/core/rgb_image.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

enum class DiagnosisKind {
    LearningRateTooHigh,
    LearningRateTooLow,
    ExplodingGradients,
    VanishingGradients,
    DeadRelus,
    ConstantOutput,
    LossNotImproving,
    Overfitting,
};

/// Something wrong with the run, in plain words, with what to try.
struct Diagnosis {
    DiagnosisKind kind = DiagnosisKind::LossNotImproving;
    int layer = -1; ///< the layer it is about, or -1 for the whole run
    int epoch = 0;  ///< when it fired
    std::int64_t step = 0;
    Phrase message;      ///< "layer 2 (ReLU): 85 % of its units never fire"
    Phrase suggestion;   ///< "lower the learning rate or …"
    std::string setting; ///< the setting the suggestion is about: "learning_rate", "layers", …
};

/// One layer's state at one optimisation step (docs/layer-health.md says how each is measured).
/// A value that does not apply to the layer (a ReLU has no weights) is NaN.
struct LayerStats {
    int layer = 0;               ///< index in the model spec
    std::string kind;            ///< "Conv2d", "ReLU", ...
    double weightNorm = 0.0;     ///< L2 norm of the layer's trainable weights (biases excluded)
    double gradientNorm = 0.0;   ///< L2 norm of their gradients at this step
    double updateRatio = 0.0;    ///< ‖Δw‖ / ‖w‖ of this step's update
    double activationMean = 0.0; ///< of the layer's output over the batch
    double activationStd = 0.0;
    double deadFraction = 0.0;      ///< ReLU-type outputs: share of units zero for every image of the batch
    double saturatedFraction = 0.0; ///< Sigmoid / Tanh outputs: share of values within 1 % of a bound
    double batchSpread = 0.0;       ///< mean over units of the output's spread across the batch's images
};

/// A sample of every layer, taken every TrainConfig::healthEvery steps.
struct HealthSample {
    int epoch = 0;             ///< 1-based
    std::int64_t step = 0;     ///< 0-based optimisation step
    double loss = 0.0;         ///< of this step's batch
    double gradientNorm = 0.0; ///< global, over every trainable parameter
    std::vector<LayerStats> layers;
    std::vector<Diagnosis> fired; ///< the diagnoses this sample made fire (usually none)
};

/// Counts over `bins` equal bins between `min` and `max`.
struct Histogram {
    double min = 0.0;
    double max = 0.0;
    double sum = 0.0;
    double sumSquares = 0.0;
    std::int64_t count = 0;
    std::vector<double> bins;
};

/// One layer's histograms at an epoch's end, from a fixed probe batch of training images.
struct LayerHistograms {
    int layer = 0;
    std::string kind;
    Histogram weights;     ///< empty (count 0) for a layer without weights
    Histogram gradients;   ///< the probe batch's gradients
    Histogram activations; ///< the layer's output for the probe batch
};

/// What the run's inside looked like at an epoch's end.
struct EpochHealth {
    int epoch = 0;
    std::vector<LayerHistograms> layers;
    RgbImage filters;     ///< the first convolution's filters, one tile each
    RgbImage featureMaps; ///< the probe image's maps after that convolution
    int firstConvLayer = -1;
    std::vector<Diagnosis> diagnoses; ///< every diagnosis that fired during the epoch
};

/// Everything a run folder's health.jsonl holds.
struct HealthRecord {
    std::vector<HealthSample> samples;
    std::vector<EpochHealth> epochs; ///< images from health/, when present
};

[[nodiscard]] const char* diagnosisKindName(DiagnosisKind kind) noexcept; ///< "learning_rate_too_high", …
/// A short title, translatable: "Learning rate too high".
[[nodiscard]] const char* diagnosisTitle(DiagnosisKind kind) noexcept;

/// Reads health.jsonl (and the images under health/) of a run folder; empty when it has none.
/// Throws Error(InvalidData) naming the file and line when it is not readable.
[[nodiscard]] HealthRecord readHealthRecord(const std::filesystem::path& runFolder);

} // namespace cnnwb::engine
