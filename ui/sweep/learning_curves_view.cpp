#include "ui/sweep/learning_curves_view.h"

#include "ui/sweep/trial_colors.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace cnnwb::ui {

LearningCurvesView::LearningCurvesView(QWidget* parent)
    : QWidget(parent)
    , m_view(new QChartView)
{
    m_view->setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_view->setChart(chart);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void LearningCurvesView::setIndex(const engine::SweepIndex& index)
{
    m_index = index;
    redraw();
}

void LearningCurvesView::setShownTrials(const QSet<int>& trials, bool all)
{
    m_shown = trials;
    m_all = all;
    redraw();
}

int LearningCurvesView::curveCount() const
{
    return static_cast<int>(m_series.size());
}

void LearningCurvesView::redraw()
{
    QChart* chart = m_view->chart();
    chart->removeAllSeries();
    m_series.clear();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis);
    double low = 1.0;
    double high = 0.0;
    int epochs = 1;
    for (const engine::TrialRecord& t : m_index.trials)
        if (t.epochsDone > 0) {
            low = std::min(low, t.bestTestAccuracy);
            high = std::max(high, t.bestTestAccuracy);
        }
    auto* x = new QValueAxis;
    auto* y = new QValueAxis;
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double yLow = 100.0;
    double yHigh = 0.0;
    for (const engine::TrialRecord& t : m_index.trials) {
        if (t.testAccuracy.empty() || (!m_all && !m_shown.contains(t.index)))
            continue;
        auto* series = new QLineSeries;
        QList<QPointF> points;
        for (std::size_t e = 0; e < t.testAccuracy.size(); ++e) {
            points.append({static_cast<double>(e + 1), 100.0 * t.testAccuracy[e]});
            yLow = std::min(yLow, 100.0 * t.testAccuracy[e]);
            yHigh = std::max(yHigh, 100.0 * t.testAccuracy[e]);
        }
        series->replace(points);
        series->setName(QString::fromStdString(t.name));
        const double shade = high > low ? (t.bestTestAccuracy - low) / (high - low) : 1.0;
        series->setPen(QPen(viridis(shade), t.index == m_index.bestTrial() ? 3.0 : 1.6));
        series->setPointsVisible(t.testAccuracy.size() == 1);
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
        m_series.push_back(series);
        epochs = std::max(epochs, t.epochs);
    }
    x->setRange(1, std::max(2, epochs));
    x->setTickCount(std::min(epochs, 10) + (epochs < 2 ? 1 : 0));
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTitleText(tr("Epoch"));
    y->setTitleText(tr("Test accuracy %"));
    y->setRange(
        m_series.empty() ? 0.0 : std::max(0.0, yLow - 3.0), m_series.empty() ? 100.0 : std::min(100.0, yHigh + 3.0));
}

} // namespace cnnwb::ui
