#pragma once

#include "cnnwb/engine/insight/layer_health.h"

#include <QList>
#include <QPointF>

#include <optional>
#include <vector>

namespace cnnwb::ui {

/// The statistics the Health page draws a trend of, one column each.
enum class HealthStat { UpdateRatio, GradientNorm, WeightNorm, BatchSpread, DeadFraction };

/// What the Health page shows of one run: its samples and epochs as they arrive during training,
/// or as a finished run's health.jsonl holds them (engine::readHealthRecord), with the diagnoses
/// that fired. Plain data: the page decides when to redraw.
class HealthHistory {
public:
    struct Layer {
        int index = 0;
        std::string kind;
    };

    void clear();
    /// A finished (or resumed) run's record.
    void setRecord(engine::HealthRecord record);
    /// With the diagnoses it made fire (HealthSample::fired).
    void addSample(const engine::HealthSample& sample);
    /// An epoch's end; replaces what an earlier copy of the same epoch said.
    void addEpoch(const engine::EpochHealth& epoch);

    [[nodiscard]] bool empty() const noexcept { return m_samples.empty() && m_epochs.empty(); }
    [[nodiscard]] const std::vector<engine::HealthSample>& samples() const noexcept { return m_samples; }
    [[nodiscard]] const std::vector<engine::EpochHealth>& epochs() const noexcept { return m_epochs; }
    /// The layers of the newest sample (or epoch), in model order.
    [[nodiscard]] std::vector<Layer> layers() const;
    /// (step, value) of one statistic of one layer, finite values only.
    [[nodiscard]] QList<QPointF> series(int layer, HealthStat stat) const;
    /// Every diagnosis of the run, oldest first: the finished epochs' and those of the epoch under way.
    [[nodiscard]] std::vector<engine::Diagnosis> diagnoses() const;
    /// The epoch's record, or null when it has none.
    [[nodiscard]] const engine::EpochHealth* epoch(int number) const;
    /// One layer's histograms of `what` (0 weights, 1 gradients, 2 activations), epoch by epoch.
    [[nodiscard]] std::vector<std::pair<int, engine::Histogram>> histograms(int layer, int what) const;

private:
    std::vector<engine::HealthSample> m_samples;
    std::vector<engine::EpochHealth> m_epochs;
    std::vector<engine::Diagnosis> m_current; ///< fired in the epoch under way
};

[[nodiscard]] double statValue(const engine::LayerStats& stats, HealthStat stat) noexcept;

} // namespace cnnwb::ui
