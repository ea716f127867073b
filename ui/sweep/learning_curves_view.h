#pragma once

#include "cnnwb/engine/sweep/sweep_index.h"

#include <QSet>
#include <QWidget>

#include <vector>

class QChartView;
class QLineSeries;

namespace cnnwb::ui {

/// Every trial's test accuracy per epoch, overlaid, coloured by its best test accuracy: halved trials
/// end at their rung. Only the trials the brushes let through are drawn.
class LearningCurvesView : public QWidget {
    Q_OBJECT
public:
    explicit LearningCurvesView(QWidget* parent = nullptr);

    void setIndex(const engine::SweepIndex& index);
    void setShownTrials(const QSet<int>& trials, bool all);
    [[nodiscard]] int curveCount() const;

private:
    void redraw();

    engine::SweepIndex m_index;
    QSet<int> m_shown;
    bool m_all = true;
    QChartView* m_view;
    std::vector<QLineSeries*> m_series;
};

} // namespace cnnwb::ui
