#pragma once

#include "cnnwb/engine/insight/layer_health.h"

#include <QWidget>

#include <utility>
#include <vector>

namespace cnnwb::ui {

/// Histograms over epochs as a heat map: one vertical strip per epoch, values from the lowest to
/// the highest any epoch saw on the vertical axis, darker where more values fall (on a log scale,
/// so that the tails show). A click picks an epoch; the selected one is outlined.
class HistogramHeatMap : public QWidget {
    Q_OBJECT
public:
    explicit HistogramHeatMap(QWidget* parent = nullptr);

    /// (epoch, histogram), in epoch order.
    void setStrips(std::vector<std::pair<int, engine::Histogram>> strips);
    void setSelectedEpoch(int epoch);
    [[nodiscard]] int stripCount() const noexcept { return static_cast<int>(m_strips.size()); }
    /// The value range drawn, lowest to highest.
    [[nodiscard]] std::pair<double, double> range() const noexcept { return {m_low, m_high}; }
    /// Each strip resampled onto the common value axis (kRows values, top row = highest values),
    /// as drawn; for tests.
    [[nodiscard]] std::vector<double> column(int strip) const;

    [[nodiscard]] QSize sizeHint() const override { return {360, 220}; }
    [[nodiscard]] QSize minimumSizeHint() const override { return {160, 120}; }

    static constexpr int kRows = 48;

Q_SIGNALS:
    void epochClicked(int epoch);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    [[nodiscard]] QRect plotArea() const;
    void drawAxes(class QPainter& painter, const QRect& area) const;

    std::vector<std::pair<int, engine::Histogram>> m_strips;
    std::vector<std::vector<double>> m_columns; ///< resampled counts, kRows per strip
    double m_low = 0.0;
    double m_high = 0.0;
    int m_selected = 0;
};

} // namespace cnnwb::ui
