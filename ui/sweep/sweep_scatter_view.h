#pragma once

#include "cnnwb/engine/sweep/sweep_index.h"

#include <QWidget>

class QChartView;
class QComboBox;
class QScatterSeries;

namespace cnnwb::ui {

/// Best test accuracy against one swept setting (chosen in the box above the chart), a dot per trial
/// that finished an epoch, on a log axis where the setting's values span decades.
class SweepScatterView : public QWidget {
    Q_OBJECT
public:
    explicit SweepScatterView(QWidget* parent = nullptr);

    void setIndex(const engine::SweepIndex& index);
    /// The setting on the x axis (a key); kept with the sweep's view settings.
    void setSetting(const QString& key);
    [[nodiscard]] QString setting() const;
    [[nodiscard]] int pointCount() const;

Q_SIGNALS:
    void settingChanged(const QString& key);

private:
    void redraw();

    engine::SweepIndex m_index;
    QComboBox* m_setting;
    QChartView* m_view;
    QScatterSeries* m_points = nullptr;
};

} // namespace cnnwb::ui
