#pragma once

#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/sweep/sweep_spec.h"

#include <string>
#include <vector>

namespace cnnwb::engine {

/// One trial of a sweep: its number (0-based, the order trials start in) and a value for each of
/// the sweep's parameters, as JSON text, in the parameters' order.
struct SweepTrial {
    int index = 0;
    std::vector<std::string> values;
    bool operator==(const SweepTrial&) const = default;
};

/// The trials of `experiment.sweep`: a grid's every combination (the first parameter varies slowest),
/// or random search's `trials` draws. A random trial's values depend only on the seed and its number,
/// so the same sweep draws the same values every time, however often it was stopped. Throws
/// Error(InvalidArgument) for a parameter the experiment has no setting for or a bad range.
[[nodiscard]] std::vector<SweepTrial> planTrials(const Experiment& experiment);

/// The experiment a trial trains: the sweep's experiment with the trial's values put in, checked as
/// an experiment file is checked (a value a setting cannot take throws Error(InvalidArgument) naming
/// it), and without the sweep.
[[nodiscard]] Experiment trialExperiment(const Experiment& experiment, const SweepTrial& trial);

/// A setting a sweep can vary: its key and the value the experiment holds now (JSON text).
struct SweepableSetting {
    std::string key;
    std::string value;
    bool wholeNumber = false; ///< a range gives it whole numbers
    bool number = false;      ///< false: a switch or a name (a list only)
};
/// Every setting of the experiment that a sweep can vary: training settings, the augmentation's ops
/// and strengths, each layer's settings. Not the data folder, the device or the file's versions.
[[nodiscard]] std::vector<SweepableSetting> sweepableSettings(const Experiment& experiment);

} // namespace cnnwb::engine
