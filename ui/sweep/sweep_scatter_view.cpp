#include "ui/sweep/sweep_scatter_view.h"

#include "ui/sweep/sweep_text.h"

#include "cnnwb/engine/sweep/sweep_spec.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QStringList>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace cnnwb::ui {

SweepScatterView::SweepScatterView(QWidget* parent)
    : QWidget(parent)
    , m_setting(new QComboBox)
    , m_view(new QChartView)
{
    m_setting->setObjectName(QStringLiteral("ScatterSetting"));
    m_view->setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_view->setChart(chart);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_setting);
    layout->addWidget(m_view, 1);
    connect(m_setting, &QComboBox::currentIndexChanged, this, [this] {
        redraw();
        Q_EMIT settingChanged(setting());
    });
}

void SweepScatterView::setIndex(const engine::SweepIndex& index)
{
    const QString chosen = setting();
    const bool sameKeys = index.keys == m_index.keys;
    m_index = index;
    if (!sameKeys) {
        const QSignalBlocker block(m_setting);
        m_setting->clear();
        for (const std::string& key : m_index.keys)
            m_setting->addItem(SweepText::setting(key), QString::fromStdString(key));
        const int at = m_setting->findData(chosen);
        m_setting->setCurrentIndex(at >= 0 ? at : 0);
    }
    redraw();
}

void SweepScatterView::setSetting(const QString& key)
{
    const int at = m_setting->findData(key);
    if (at >= 0)
        m_setting->setCurrentIndex(at);
}

QString SweepScatterView::setting() const
{
    return m_setting->currentData().toString();
}

int SweepScatterView::pointCount() const
{
    return m_points != nullptr ? static_cast<int>(m_points->count()) : 0;
}

void SweepScatterView::redraw()
{
    QChart* chart = m_view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis);
    m_points = nullptr;
    const int key = m_setting->currentIndex();
    if (key < 0 || m_index.trials.empty())
        return;
    QStringList categories;
    std::vector<double> xs;
    bool numeric = true;
    for (const engine::TrialRecord& t : m_index.trials) {
        const QString text = QString::fromStdString(engine::sweepValueText(t.values[static_cast<std::size_t>(key)]));
        bool ok = false;
        xs.push_back(text.toDouble(&ok));
        numeric = numeric && ok && t.values[static_cast<std::size_t>(key)].front() != '"';
        if (!categories.contains(text))
            categories.push_back(text);
    }
    categories.sort();
    m_points = new QScatterSeries;
    m_points->setMarkerSize(9);
    for (std::size_t i = 0; i < m_index.trials.size(); ++i) {
        const engine::TrialRecord& t = m_index.trials[i];
        if (t.epochsDone == 0)
            continue;
        const double x = numeric ? xs[i]
                                 : static_cast<double>(categories.indexOf(QString::fromStdString(
                                     engine::sweepValueText(t.values[static_cast<std::size_t>(key)]))));
        m_points->append(x, 100.0 * t.bestTestAccuracy);
    }
    chart->addSeries(m_points);
    const auto [low, high] = std::minmax_element(xs.begin(), xs.end());
    QAbstractAxis* xAxis = nullptr;
    if (!numeric) {
        auto* axis = new QCategoryAxis;
        for (int i = 0; i < categories.size(); ++i)
            axis->append(categories[i], i + 0.5);
        axis->setRange(-0.5, categories.size() - 0.5);
        axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        xAxis = axis;
    } else if (*low > 0.0 && *high / *low >= 50.0) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10.0);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setRange(*low / 1.5, *high * 1.5);
        xAxis = axis;
    } else {
        auto* axis = new QValueAxis;
        const double pad = *high > *low ? (*high - *low) * 0.08 : 1.0;
        axis->setRange(*low - pad, *high + pad);
        axis->setLabelFormat(QStringLiteral("%g"));
        xAxis = axis;
    }
    xAxis->setTitleText(m_setting->currentText());
    auto* yAxis = new QValueAxis;
    yAxis->setTitleText(tr("Best test accuracy %"));
    double yLow = 100.0;
    double yHigh = 0.0;
    for (const QPointF& p : m_points->points()) {
        yLow = std::min(yLow, p.y());
        yHigh = std::max(yHigh, p.y());
    }
    yAxis->setRange(std::max(0.0, yLow - 5.0), std::min(100.0, std::max(yHigh, yLow) + 5.0));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    m_points->attachAxis(xAxis);
    m_points->attachAxis(yAxis);
}

} // namespace cnnwb::ui
