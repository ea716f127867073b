#pragma once

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/train/train_config.h"

#include <functional>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// The learning-rate range test (Smith 2015, "Cyclical Learning Rates"; fastai's lr_find): train
/// from fresh weights for a few steps while the rate grows exponentially, and watch the loss.
struct LrFinderOptions {
    double startRate = 1e-7;
    double endRate = 10.0;
    int steps = 100;
    double smoothing = 0.98;    ///< exponential moving average of the loss, bias-corrected
    double divergeFactor = 4.0; ///< stop once the smoothed loss exceeds this times its minimum
};

struct LrFinderPoint {
    double learningRate = 0.0;
    double loss = 0.0;         ///< this step's batch loss
    double smoothedLoss = 0.0; ///< what the suggestion is read from
};

struct LrFinderResult {
    std::vector<LrFinderPoint> points;
    bool diverged = false;        ///< stopped early because the loss blew up
    double minimumLossRate = 0.0; ///< where the smoothed loss was lowest
    /// The rate where the smoothed loss falls fastest (steepest negative slope against log rate),
    /// looked for before the minimum; minimumLossRate / 10 when the curve has no clear slope.
    double suggestedRate = 0.0;
    std::string method; ///< "steepest descent" or "minimum / 10"
};

/// Runs the sweep with the config's optimizer, batch size, seed, device and normalization (no
/// augmentation; the model and data are left untouched). `progress` sees every point; returning
/// false stops the sweep. Throws Error like Trainer::run.
[[nodiscard]] LrFinderResult findLearningRate(const Dataset& dataset, const ModelSpec& spec, const TrainConfig& config,
    const LrFinderOptions& options = {}, const std::function<bool(const LrFinderPoint&)>& progress = {});

/// The suggestion for a recorded curve (exposed for tests and for curves from elsewhere).
void suggestLearningRate(LrFinderResult& result);

} // namespace cnnwb::engine
