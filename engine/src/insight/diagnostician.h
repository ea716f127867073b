#pragma once

#include "cnnwb/engine/insight/layer_health.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace cnnwb::engine {

/// The rules of docs/layer-health.md, applied to a run's health samples as they come and to its
/// epochs as they end. Each diagnosis fires at most once per epoch for the same layer, so a
/// problem that lasts is said again each epoch but not at every sample.
class Diagnostician {
public:
    Diagnostician(const ModelSpec& spec, int classCount);

    /// The diagnoses this sample makes fire (none most of the time). `learningRate` is the step's,
    /// `peakLearningRate` the schedule's peak (TrainConfig::learningRate).
    [[nodiscard]] std::vector<Diagnosis> examine(
        const HealthSample& sample, double learningRate, double peakLearningRate);
    /// The run-level diagnoses an epoch's end makes fire; `history` ends with that epoch.
    [[nodiscard]] std::vector<Diagnosis> examineEpoch(const std::vector<EpochMetrics>& history);
    /// Everything that fired during `epoch`, in order; cleared by startEpoch.
    [[nodiscard]] const std::vector<Diagnosis>& firedThisEpoch() const noexcept { return m_fired; }
    void startEpoch(int epoch);
    /// A resumed run: the samples measured before the checkpoint, so the rules see the same history
    /// and what fired earlier in the epoch it continues (`epoch`) is neither lost nor said twice.
    void prime(const std::vector<HealthSample>& earlier, int epoch);

    // The thresholds, named as docs/layer-health.md names them.
    static constexpr int kPersistSamples = 3;         ///< a layer rule must hold in this many samples in a row
    static constexpr double kHighUpdateRatio = 0.05;  ///< median ‖Δw‖/‖w‖ with a loss above chance
    static constexpr double kHugeUpdateRatio = 1.0;   ///< median ‖Δw‖/‖w‖ whatever the loss
    static constexpr double kLossAboveChance = 1.5;   ///< × ln(classes)
    static constexpr double kLowUpdateRatio = 1e-5;   ///< median ‖Δw‖/‖w‖ over the epoch's samples …
    static constexpr double kNearPeak = 0.5;          ///< … taken at a rate above this share of the peak
    static constexpr double kExplodingFactor = 100.0; ///< × the run's first gradient norm …
    static constexpr double kExplodingFloor = 10.0;   ///< … and above this
    static constexpr double kVanishingRatio = 1e-4;   ///< first vs last weighted layer's ‖g‖/‖w‖
    static constexpr double kDeadShare = 0.5;         ///< of a ReLU layer's units
    static constexpr double kConstantSpread = 1e-7;   ///< × max(1, |mean|)
    static constexpr double kImprovement = 0.01;      ///< the loss must fall by this share …
    static constexpr int kStallEpochs = 2;            ///< … within this many epochs
    static constexpr double kOverfitGap = 0.05;       ///< train − test accuracy

private:
    bool fire(Diagnosis diagnosis);
    void checkLearningRate(
        const HealthSample& sample, double learningRate, double peakLearningRate, std::vector<Diagnosis>& out);
    void checkGradients(const HealthSample& sample, std::vector<Diagnosis>& out);
    void checkLayers(const HealthSample& sample, std::vector<Diagnosis>& out);
    void checkLossProgress(const std::vector<EpochMetrics>& history);
    void checkOverfitting(const std::vector<EpochMetrics>& history);
    [[nodiscard]] bool holdsInRecent(int layer, bool (*rule)(const LayerStats&)) const;
    [[nodiscard]] double medianUpdateRatio(const HealthSample& sample) const;

    ModelSpec m_spec;
    double m_chanceLoss;
    int m_epoch = 0;
    double m_firstGradientNorm = 0.0;
    std::vector<HealthSample> m_recent;      ///< the last kPersistSamples samples
    std::vector<double> m_epochUpdateRatios; ///< each sample's median this epoch
    std::set<std::pair<DiagnosisKind, int>> m_firedKeys;
    std::vector<Diagnosis> m_fired;
};

} // namespace cnnwb::engine
