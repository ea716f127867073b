#pragma once

#include "cnnwb/engine/insight/layer_health.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// Facts about a run, known before its first batch.
struct RunInfo {
    std::string device;     ///< "cpu" or "cuda:0"
    std::string deviceName; ///< "CPU (2 threads)" or the GPU's name
    std::int64_t parameterCount = 0;
    std::int64_t trainCount = 0;
    std::int64_t testCount = 0;
    std::string evaluationSplit = "test"; ///< or "validation (10 % of train, seed 0)"
    int batchesPerEpoch = 0;
    int epochs = 0;
    int worldSize = 1; ///< processes of a data-parallel run
};

/// After every optimisation step.
struct BatchMetrics {
    int epoch = 0; ///< 1-based
    int batch = 0; ///< 1-based within the epoch
    int batchesPerEpoch = 0;
    std::int64_t step = 0;        ///< 0-based optimisation step since the start of the run
    double loss = 0.0;            ///< mean cross-entropy of this batch
    double accuracy = 0.0;        ///< fraction of this batch classified right
    double learningRate = 0.0;    ///< the rate this step used
    double imagesPerSecond = 0.0; ///< since the start of this epoch
};

/// After every epoch's evaluation.
struct EpochMetrics {
    int epoch = 0;                ///< 1-based
    double trainLoss = 0.0;       ///< mean over the epoch's samples
    double trainAccuracy = 0.0;   ///< fraction 0..1, measured during training
    double testLoss = 0.0;        ///< on the test split, which serves as validation
    double testAccuracy = 0.0;    ///< fraction 0..1
    double imagesPerSecond = 0.0; ///< training images per second (evaluation excluded)
    double seconds = 0.0;         ///< wall time of the epoch, evaluation included
    /// Streamed datasets: seconds the steps waited for their images (0 in memory).
    double dataWaitSeconds = 0.0;
    double learningRate = 0.0;             ///< the rate at the epoch's last step
    std::int64_t steps = 0;                ///< optimisation steps done so far in the run
    std::vector<double> testClassAccuracy; ///< per class, index = label
    std::vector<std::int64_t> confusion;   ///< classes x classes, row = true label, column = predicted
    std::vector<Diagnosis> diagnoses;      ///< what went wrong in this epoch (docs/layer-health.md)
};

/// What a run leaves behind.
struct RunResult {
    std::vector<EpochMetrics> epochs;
    bool stopped = false; ///< ended early because stop was requested
    /// A stop in the middle of an epoch: that epoch (1-based) and its batches done. The epoch is not
    /// in `epochs` (it did not finish); last.ckpt continues it. 0 when the run stopped between epochs.
    int stoppedInEpoch = 0;
    int stoppedAfterBatches = 0;
    /// Stopped (as `stopped` says) at TrainConfig::stopAfterEpoch, as asked, not by a request.
    bool reachedStopEpoch = false;
    bool earlyStopped = false; ///< ended because the test accuracy stopped improving
    int bestEpoch = 0;         ///< 1-based epoch with the best test accuracy
    double bestTestAccuracy = 0.0;
    std::filesystem::path weightsPath;        ///< model.pth (state dict); empty when no outDir was given
    std::filesystem::path metricsPath;        ///< metrics.csv
    std::filesystem::path lastCheckpointPath; ///< last.ckpt: where the run ended, to resume from
    std::filesystem::path bestCheckpointPath; ///< best.ckpt: the epoch with the best test accuracy
};

} // namespace cnnwb::engine
