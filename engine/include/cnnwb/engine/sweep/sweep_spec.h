#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

enum class SweepMethod { Grid, Random };
enum class SweepScale { Linear, Log };

/// One setting a sweep varies, named by its path in the experiment file (docs/experiment-file.md):
/// "training.learning_rate", "augmentation.random_crop.padding", "model.layers.3.p". Its values are
/// a list, or a range: a grid takes `count` points of it, random search draws from it (uniformly,
/// or uniformly in the logarithm for a log range). A setting that holds a whole number gets whole
/// numbers.
struct SweepParameter {
    std::string key;
    /// The list, each value as JSON text ("0.01", "\"sgd\"", "true"); empty = the range.
    std::vector<std::string> values;
    double min = 0.0;
    double max = 0.0;
    SweepScale scale = SweepScale::Linear;
    int count = 3; ///< grid points of the range, ends included

    [[nodiscard]] bool isRange() const noexcept { return values.empty(); }
    bool operator==(const SweepParameter&) const = default;
};

/// Successive halving (docs/sweeps.md): at each rung epoch, the trials still running are ranked by
/// test accuracy at that epoch and only the best `keep` share of them (at least one) goes on.
struct SuccessiveHalving {
    bool enabled = false;
    std::vector<int> rungs = {1}; ///< epochs, ascending
    double keep = 0.5;            ///< share kept at each rung, above 0 and below 1
    bool operator==(const SuccessiveHalving&) const = default;
};

/// A sweep: which settings to vary and how, how many trials run at once, and when weak trials stop.
/// It is part of an experiment (its "sweep" object); an empty one (no parameters) is no sweep.
struct SweepSpec {
    SweepMethod method = SweepMethod::Grid;
    int trials = 8;         ///< random search: how many trials
    std::uint64_t seed = 0; ///< random search: the draws
    std::vector<SweepParameter> parameters;
    SuccessiveHalving halving;
    int parallel = 1; ///< trials at once: CPU processes share the cores evenly; 0 = one per GPU
    /// The Sweep tab's view settings (a JSON object: colouring, brushes, sorting), kept with the
    /// sweep; the engine keeps it as it is.
    std::string view;

    [[nodiscard]] bool empty() const noexcept { return parameters.empty(); }
    /// The same trials and early stopping: what a resumed sweep must match (not `parallel` or `view`).
    [[nodiscard]] bool sameTrials(const SweepSpec& other) const;
    bool operator==(const SweepSpec&) const = default;
};

/// JSON text of a sweep (the "sweep" object of an experiment file).
[[nodiscard]] std::string sweepToJson(const SweepSpec& sweep);
/// Parses a "sweep" object; throws Error(InvalidData) naming `source` and the bad value's path.
[[nodiscard]] SweepSpec sweepFromJson(const std::string& json, const std::string& source = "sweep");
/// Throws Error(InvalidArgument) naming the first parameter or value out of range.
void validate(const SweepSpec& sweep);

[[nodiscard]] std::string_view sweepMethodName(SweepMethod method) noexcept; ///< "grid", "random"
bool parseSweepMethod(std::string_view name, SweepMethod& method) noexcept;

/// A value's JSON text as a person reads it: strings without their quotes, numbers as written.
[[nodiscard]] std::string sweepValueText(const std::string& jsonValue);

} // namespace cnnwb::engine
