#pragma once

#include "cnnwb/engine/sweep/sweep_index.h"

#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

namespace cnnwb::ui {

/// A parallel-coordinates plot of a sweep: an axis per swept setting (log where its values span
/// decades or were given as a log range; names evenly spaced) and per metric (best test accuracy,
/// last test loss), a line per trial coloured by its best test accuracy. Dragging along an axis
/// brushes a range of it; a click on the axis clears its brush; the trials inside every brush are
/// what brushedTrialsChanged reports (the table shows only those).
class ParallelCoordinatesView : public QWidget {
    Q_OBJECT
public:
    explicit ParallelCoordinatesView(QWidget* parent = nullptr);

    void setIndex(const engine::SweepIndex& index);

    [[nodiscard]] int axisCount() const { return static_cast<int>(m_axes.size()); }
    [[nodiscard]] QString axisName(int axis) const;
    [[nodiscard]] bool axisIsLog(int axis) const;
    /// Where an axis is drawn, and where a value at `position` (0 = bottom, 1 = top) of it lies.
    [[nodiscard]] QPointF axisPoint(int axis, double position) const;
    /// Brushes `axis` from `from` to `to` (0 = bottom, 1 = top); as a drag does.
    void brush(int axis, double from, double to);
    void clearBrushes();
    /// The trials drawn (those with values on every axis) and those inside every brush.
    [[nodiscard]] int lineCount() const;
    [[nodiscard]] QSet<int> passingTrials() const;
    [[nodiscard]] bool anyBrush() const;

    /// The brushes, by axis name, for the sweep's view settings; and back.
    [[nodiscard]] QJsonObject viewSettings() const;
    void setViewSettings(const QJsonObject& settings);

    [[nodiscard]] QSize sizeHint() const override { return {640, 320}; }
    [[nodiscard]] QSize minimumSizeHint() const override { return {320, 200}; }

Q_SIGNALS:
    /// `all`: no brush, every trial passes.
    void brushedTrialsChanged(const QSet<int>& trials, bool all);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    struct Axis {
        QString name;
        QString key;
        bool log = false;
        bool categorical = false;
        QStringList categories;
        double low = 0.0;
        double high = 1.0;
        std::vector<std::optional<double>> positions; ///< per trial, 0..1; none = no value yet
        std::optional<std::pair<double, double>> brush;
    };

    void buildAxes();
    [[nodiscard]] Axis settingAxis(std::size_t key) const;
    [[nodiscard]] Axis metricAxis(const QString& name, const QString& key, bool higherIsBetter,
        const std::vector<std::optional<double>>& values) const;
    [[nodiscard]] bool passes(std::size_t trial) const;
    [[nodiscard]] QRectF plotArea() const;
    [[nodiscard]] double positionAt(double y) const;
    [[nodiscard]] int axisNear(double x) const;
    void drawAxis(QPainter& painter, int axis) const;
    void drawLines(QPainter& painter) const;
    void announceBrushes();

    engine::SweepIndex m_index;
    std::vector<Axis> m_axes;
    QJsonObject m_pendingBrushes; ///< from the view settings, for axes not made yet
    int m_dragAxis = -1;
    double m_dragFrom = 0.0;
};

} // namespace cnnwb::ui
