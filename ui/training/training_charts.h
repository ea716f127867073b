#pragma once

#include "ui/training/training_types.h"

#include <QPointF>
#include <QWidget>

#include <vector>

class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QTimer;
class QValueAxis;

namespace cnnwb::ui {

/// Live charts of a run: training loss per step (raw and smoothed) with the test loss per epoch,
/// train and test accuracy per epoch, and the learning rate. New values only go into buffers; a
/// 10 Hz timer redraws what changed with one replace() per series, decimated to a fixed number of
/// points, so a long run costs the GUI thread the same as a short one. No OpenGL, no animations:
/// fit for X11 forwarding.
class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    void reset(const engine::RunInfo& info);
    void addBatches(const BatchMetricsList& batches);
    void addEpoch(const engine::EpochMetrics& metrics);

    enum Chart { LossChart, AccuracyChart, LearningRateChart };
    /// Writes a chart as PNG or SVG (by the file's extension). False when the file cannot be written.
    bool exportChart(Chart chart, const QString& path) const;
    /// Writes every recorded step and epoch as CSV.
    bool exportCsv(const QString& path) const;

    /// The epoch a click on the loss or accuracy chart picks: the nearest finished one to the
    /// clicked x (chart view coordinates), or 0 when none has finished.
    [[nodiscard]] int epochAt(Chart chart, const QPoint& viewPosition) const;
    /// Marks an epoch on the accuracy chart (0 = none).
    void markEpoch(int epoch);
    [[nodiscard]] int markedEpoch() const noexcept { return m_marked; }
    /// Where a value is drawn, in the chart view's viewport coordinates (for tests).
    [[nodiscard]] QPoint viewPosition(Chart chart, const QPointF& value) const;
    [[nodiscard]] QWidget* chartViewport(Chart chart) const;
    /// The chart's horizontal or vertical axis, for tests.
    [[nodiscard]] QValueAxis* axis(Chart chart, Qt::Orientation orientation) const;

    /// For tests and the benchmark: redraws so far, and the points a series shows.
    [[nodiscard]] int redrawCount() const noexcept { return m_redraws; }

    /// For a display at the far end of a network (ssh -X, a container): every repaint travels as an
    /// uncompressed image, so the loss chart redraws at most every kRemoteRedrawIntervalMs and the
    /// learning-rate chart with the epochs only.
    void setRemoteDisplay(bool remote);
    [[nodiscard]] bool remoteDisplay() const noexcept { return m_remote; }
    [[nodiscard]] int redrawIntervalMs() const;
    static constexpr int kRemoteRedrawIntervalMs = 6000;
    [[nodiscard]] qsizetype rawLossPointsShown() const;
    /// The epochs drawn on the accuracy chart (test accuracy points).
    [[nodiscard]] qsizetype epochPointsShown() const;
    [[nodiscard]] qsizetype stepsRecorded() const noexcept { return static_cast<qsizetype>(m_steps.size()); }

    /// The fastest redraw rate (10 Hz); slower when drawing costs more than kDrawBudget of the time.
    static constexpr int kRedrawIntervalMs = 100;
    static constexpr double kDrawBudget = 0.015;
    /// About one point per two pixels of a wide chart; more only costs drawing time.
    static constexpr qsizetype kMaxPointsPerSeries = 600;
    /// The loss lines' newest part, redrawn alone, spans at most 1/kTailShare of the axis; a run
    /// longer than planned starts over with one part when it has kMaxLossParts.
    static constexpr int kTailShare = 8;
    static constexpr std::size_t kMaxLossParts = kTailShare + 2;
    static constexpr qsizetype kMaxTailPoints = kMaxPointsPerSeries / static_cast<qsizetype>(kMaxLossParts);
    static constexpr qsizetype kMaxMergedLossPoints = kMaxPointsPerSeries / 2;
    /// The most points a loss line shows, all its parts together.
    static constexpr qsizetype kMaxLossPointsShown
        = kMaxMergedLossPoints + static_cast<qsizetype>(kMaxLossParts - 1) * kMaxTailPoints;
    /// The series the raw loss line is drawn in now (for tests).
    [[nodiscard]] qsizetype lossParts() const noexcept { return static_cast<qsizetype>(m_livePart + 1); }

Q_SIGNALS:
    /// The user clicked the loss or accuracy chart: scrub the results views to this epoch.
    void epochSelected(int epoch);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void redraw();
    void drawLoss(double xMax);
    void closeLossPart(std::size_t end);
    void clearLossParts();
    [[nodiscard]] double xOf(const engine::BatchMetrics& batch) const;
    [[nodiscard]] QChartView* view(Chart chart) const;

    std::vector<engine::BatchMetrics> m_steps;
    std::vector<engine::EpochMetrics> m_epochs;
    std::vector<QPointF> m_rawLoss;
    std::vector<QPointF> m_smoothLoss;
    std::vector<QPointF> m_rate;
    double m_smoothed = 0.0;
    std::size_t m_tailStart = 0; // the first loss step of the newest part
    std::size_t m_livePart = 0;  // the newest part, the one a redraw replaces
    int m_batchesPerEpoch = 1;
    int m_epochsPlanned = 1;
    bool m_dirty = false;
    bool m_epochsDirty = false;
    int m_redraws = 0;
    bool m_remote = false;

    QTimer* m_timer;
    QChartView* m_lossView;
    QChartView* m_accuracyView;
    QChartView* m_rateView;
    QLineSeries* m_rawLossSeries;
    QLineSeries* m_smoothLossSeries;
    std::vector<QLineSeries*> m_rawLossParts; // kMaxLossParts series, the first is m_rawLossSeries
    std::vector<QLineSeries*> m_smoothLossParts;
    QLineSeries* m_testLossSeries;
    QLineSeries* m_trainAccuracySeries;
    QLineSeries* m_testAccuracySeries;
    QLineSeries* m_rateSeries;
    QScatterSeries* m_markSeries;
    int m_marked = 0;
};

} // namespace cnnwb::ui
