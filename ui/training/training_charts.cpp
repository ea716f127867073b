#include "ui/training/training_charts.h"

#include "ui/common/nice_axis.h"

#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QScatterSeries>
#include <QSvgGenerator>
#include <QTextStream>
#include <QTimer>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

namespace cnnwb::ui {
namespace {

// At most `limit` points: every n-th point, always including the last one.
QList<QPointF> decimate(std::span<const QPointF> points, qsizetype limit)
{
    QList<QPointF> out;
    const auto size = static_cast<qsizetype>(points.size());
    if (size <= limit) {
        out.reserve(size);
        out.append(QList<QPointF>(points.begin(), points.end()));
        return out;
    }
    const double stride = static_cast<double>(size - 1) / static_cast<double>(limit - 1);
    out.reserve(limit);
    for (qsizetype i = 0; i < limit; ++i)
        out.append(points[static_cast<std::size_t>(std::llround(static_cast<double>(i) * stride))]);
    return out;
}

QLineSeries* addSeries(QChart* chart, const QString& name, const QColor& color, qreal width, bool points = false)
{
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(width);
    series->setPen(pen);
    series->setPointsVisible(points);
    chart->addSeries(series);
    return series;
}

QChartView* makeView(const QString& title, QValueAxis*& x, QValueAxis*& y, const QString& yTitle)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    x = new QValueAxis;
    x->setTitleText(QObject::tr("epoch"));
    x->setLabelFormat(QStringLiteral("%.1f"));
    y = new QValueAxis;
    y->setTitleText(yTitle);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing, true);
    view->setMinimumHeight(160);
    return view;
}

void attach(QChart* chart, QLineSeries* series)
{
    for (QAbstractAxis* axis : chart->axes())
        series->attachAxis(axis);
}

// A further part of a line, drawn in the same pen as its first but without a legend entry of its own.
QLineSeries* addPart(QChart* chart, const QLineSeries* line)
{
    auto* tail = new QLineSeries;
    tail->setPen(line->pen());
    chart->addSeries(tail);
    attach(chart, tail);
    for (QLegendMarker* marker : chart->legend()->markers(tail))
        marker->setVisible(false);
    return tail;
}

// `yCeiling`: where the values cannot go past (100 % accuracy), so that padding stops there.
// `yQuantum`: the vertical range grows in whole multiples of it, and `fromZero` keeps its bottom at 0,
// so that it changes only now and then (each change lays out and repaints the chart, labels and all).
struct AxisFit {
    double yCeiling = std::numeric_limits<double>::infinity();
    double yQuantum = 0.0;
    bool fromZero = false;
};

void fitAxes(QChart* chart, double xMax, AxisFit fit = {})
{
    const auto [yCeiling, yQuantum, fromZero] = fit;
    double lo = 0.0;
    double hi = 0.0;
    bool any = false;
    for (QAbstractSeries* abstract : chart->series()) {
        for (const QPointF& p : static_cast<QXYSeries*>(abstract)->points()) {
            lo = any ? std::min(lo, p.y()) : p.y();
            hi = any ? std::max(hi, p.y()) : p.y();
            any = true;
        }
    }
    const auto axes = chart->axes();
    setNiceRange(static_cast<QValueAxis*>(axes.at(0)), 0.0, std::max(1.0, xMax));
    if (any) {
        // A flat series (a constant learning rate) would get a range so narrow that every tick
        // reads the same: show it from zero instead.
        if (hi - lo < 1e-3 * std::abs(hi) || fromZero)
            lo = 0.0;
        const double pad = std::max(1e-9, (hi - lo) * 0.05);
        lo = std::max(0.0, lo - pad);
        hi = std::min(yCeiling, hi + pad);
        if (yQuantum > 0.0) {
            lo = std::floor(lo / yQuantum) * yQuantum;
            hi = std::min(yCeiling, std::ceil(hi / yQuantum) * yQuantum);
        }
        setNiceRange(static_cast<QValueAxis*>(axes.at(1)), lo, hi);
    }
}

} // namespace

TrainingCharts::TrainingCharts(QWidget* parent)
    : QWidget(parent)
    , m_timer(new QTimer(this))
{
    QValueAxis* x = nullptr;
    QValueAxis* y = nullptr;
    m_lossView = makeView(tr("Loss"), x, y, tr("cross-entropy"));
    QChart* loss = m_lossView->chart();
    m_rawLossSeries = addSeries(loss, tr("training (per step)"), QColor(160, 190, 230), 1.0);
    m_smoothLossSeries = addSeries(loss, tr("training (smoothed)"), QColor(31, 90, 180), 2.0);
    for (QLineSeries* s : {m_rawLossSeries, m_smoothLossSeries})
        attach(loss, s);
    // Every part made now: a series added later would lay out the legend, and with it the axes, again.
    // Before the test loss, which is drawn over them (series are stacked in the order they are added).
    m_rawLossParts = {m_rawLossSeries};
    m_smoothLossParts = {m_smoothLossSeries};
    for (std::size_t i = 1; i < kMaxLossParts; ++i) {
        m_rawLossParts.push_back(addPart(loss, m_rawLossSeries));
        m_smoothLossParts.push_back(addPart(loss, m_smoothLossSeries));
    }
    m_testLossSeries = addSeries(loss, tr("test (per epoch)"), QColor(220, 110, 20), 2.0, true);
    attach(loss, m_testLossSeries);

    m_accuracyView = makeView(tr("Accuracy"), x, y, tr("percent"));
    QChart* accuracy = m_accuracyView->chart();
    m_trainAccuracySeries = addSeries(accuracy, tr("training"), QColor(31, 90, 180), 2.0, true);
    m_testAccuracySeries = addSeries(accuracy, tr("test"), QColor(220, 110, 20), 2.0, true);
    for (QLineSeries* s : {m_trainAccuracySeries, m_testAccuracySeries})
        attach(accuracy, s);
    m_markSeries = new QScatterSeries;
    m_markSeries->setMarkerSize(14.0);
    m_markSeries->setColor(Qt::transparent);
    m_markSeries->setBorderColor(QColor(200, 30, 30));
    accuracy->addSeries(m_markSeries);
    for (QAbstractAxis* axis : accuracy->axes())
        m_markSeries->attachAxis(axis);
    for (QLegendMarker* marker : accuracy->legend()->markers(m_markSeries))
        marker->setVisible(false);
    for (QChartView* v : {m_lossView, m_accuracyView}) {
        v->viewport()->installEventFilter(this);
        v->setToolTip(tr("Click an epoch to see its results on the Results page"));
    }

    m_rateView = makeView(tr("Learning rate"), x, y, tr("rate"));
    m_rateSeries = addSeries(m_rateView->chart(), tr("learning rate"), QColor(60, 140, 60), 2.0);
    attach(m_rateView->chart(), m_rateSeries);

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lossView, 0, 0, 1, 2);
    layout->addWidget(m_accuracyView, 1, 0);
    layout->addWidget(m_rateView, 1, 1);
    layout->setRowStretch(0, 3);
    layout->setRowStretch(1, 2);
    // Below about 210 pixels Qt Charts elides the small charts' axis labels to "…".
    m_accuracyView->setMinimumHeight(210);
    m_rateView->setMinimumHeight(210);

    m_timer->setInterval(kRedrawIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_dirty)
            redraw();
    });
    m_timer->start();
}

void TrainingCharts::reset(const engine::RunInfo& info)
{
    m_markSeries->clear();
    m_marked = 0;
    m_steps.clear();
    m_epochs.clear();
    m_rawLoss.clear();
    m_smoothLoss.clear();
    m_rate.clear();
    m_smoothed = 0.0;
    m_tailStart = 0;
    clearLossParts();
    m_epochsDirty = true;
    m_batchesPerEpoch = std::max(1, info.batchesPerEpoch);
    m_epochsPlanned = std::max(1, info.epochs);
    for (QLineSeries* s : {m_rawLossSeries, m_smoothLossSeries, m_testLossSeries, m_trainAccuracySeries,
             m_testAccuracySeries, m_rateSeries})
        s->clear();
    m_dirty = true;
}

double TrainingCharts::xOf(const engine::BatchMetrics& batch) const
{
    return static_cast<double>(batch.epoch - 1)
        + static_cast<double>(batch.batch) / static_cast<double>(m_batchesPerEpoch);
}

void TrainingCharts::addBatches(const BatchMetricsList& batches)
{
    for (const engine::BatchMetrics& b : batches) {
        const double x = xOf(b);
        // Exponential moving average with bias correction, like TensorBoard's smoothing slider at 0.95.
        constexpr double kSmoothing = 0.95;
        m_smoothed = kSmoothing * m_smoothed + (1.0 - kSmoothing) * b.loss;
        const double corrected = m_smoothed / (1.0 - std::pow(kSmoothing, static_cast<double>(m_steps.size() + 1)));
        m_steps.push_back(b);
        m_rawLoss.emplace_back(x, b.loss);
        m_smoothLoss.emplace_back(x, corrected);
        m_rate.emplace_back(x, b.learningRate);
    }
    m_dirty = m_dirty || !batches.isEmpty();
}

void TrainingCharts::addEpoch(const engine::EpochMetrics& metrics)
{
    // An epoch from a loaded checkpoint comes without its steps: plot its final rate at least.
    if (m_steps.empty() || m_steps.back().epoch < metrics.epoch)
        m_rate.emplace_back(static_cast<double>(metrics.epoch), metrics.learningRate);
    m_epochs.push_back(metrics);
    m_dirty = true;
    m_epochsDirty = true;
}

// Accuracy rises every epoch: its axis moves in steps of 10 % rather than with each new point. The
// loss falls every step: its axis starts at 0 (where cross-entropy ends), so the first steps set it.
constexpr double kAccuracyQuantum = 10.0;
constexpr AxisFit kLossFit{.fromZero = true};

void TrainingCharts::redraw()
{
    QElapsedTimer cost;
    cost.start();
    m_dirty = false;
    ++m_redraws;
    const double xMax = std::max<double>(m_epochsPlanned, m_rawLoss.empty() ? 0.0 : m_rawLoss.back().x());
    drawLoss(xMax);
    fitAxes(m_lossView->chart(), xMax, kLossFit);
    const bool redrawRate = !m_remote || m_epochsDirty;
    if (redrawRate) {
        m_rateSeries->replace(decimate(m_rate, kMaxPointsPerSeries));
        fitAxes(m_rateView->chart(), xMax);
    }
    if (m_epochsDirty) { // the accuracy chart changes once per epoch only
        m_epochsDirty = false;
        QList<QPointF> testLoss;
        QList<QPointF> trainAccuracy;
        QList<QPointF> testAccuracy;
        for (const engine::EpochMetrics& e : m_epochs) {
            testLoss.append(QPointF(e.epoch, e.testLoss));
            trainAccuracy.append(QPointF(e.epoch, 100.0 * e.trainAccuracy));
            testAccuracy.append(QPointF(e.epoch, 100.0 * e.testAccuracy));
        }
        m_testLossSeries->replace(testLoss);
        m_trainAccuracySeries->replace(trainAccuracy);
        m_testAccuracySeries->replace(testAccuracy);
        fitAxes(m_lossView->chart(), xMax, kLossFit);
        fitAxes(m_accuracyView->chart(), xMax, {.yCeiling = 100.0, .yQuantum = kAccuracyQuantum});
        m_accuracyView->repaint();
    }
    // Paint now, so the cost is measured; then keep drawing within its share of the GUI thread,
    // which on a small machine competes with training for the same cores.
    m_lossView->repaint();
    if (redrawRate)
        m_rateView->repaint();
    const auto elapsed = static_cast<double>(cost.elapsed());
    m_timer->setInterval(
        std::max(m_remote ? kRemoteRedrawIntervalMs : kRedrawIntervalMs, static_cast<int>(elapsed / kDrawBudget)));
}

// A chart repaints the rectangle its changed series cover, and a line replaced whole covers the plot.
// So the loss lines are drawn in parts: a redraw replaces only the newest part (the steps since it
// began); once that spans 1/kTailShare of the axis it stays as drawn and a new one begins. Over a
// network display, where each repaint is sent as an image, a redraw of a long run then costs a few
// percent of the chart's pixels instead of all of them.
void TrainingCharts::drawLoss(double xMax)
{
    if (m_rawLoss.empty())
        return;
    const double partSpan = std::max(1.0, xMax) / kTailShare;
    // Steps that came in a burst (a busy GUI thread, a loaded history) close several parts at once.
    while (m_rawLoss.back().x() - m_rawLoss[m_tailStart].x() > partSpan) {
        std::size_t end = m_tailStart + 1;
        while (m_rawLoss[end].x() - m_rawLoss[m_tailStart].x() < partSpan)
            ++end;
        closeLossPart(end);
    }
    const std::span<const QPointF> raw(m_rawLoss);
    const std::span<const QPointF> smooth(m_smoothLoss);
    m_rawLossParts[m_livePart]->replace(decimate(raw.subspan(m_tailStart), kMaxTailPoints));
    m_smoothLossParts[m_livePart]->replace(decimate(smooth.subspan(m_tailStart), kMaxTailPoints));
}

// The newest part gets the steps up to `end` and keeps them; the next begins at `end`, so the line
// has no gap where they meet.
void TrainingCharts::closeLossPart(std::size_t end)
{
    const std::span<const QPointF> raw(m_rawLoss);
    const std::span<const QPointF> smooth(m_smoothLoss);
    if (m_livePart + 1 < kMaxLossParts) {
        const std::size_t count = end - m_tailStart + 1;
        m_rawLossParts[m_livePart]->replace(decimate(raw.subspan(m_tailStart, count), kMaxTailPoints));
        m_smoothLossParts[m_livePart]->replace(decimate(smooth.subspan(m_tailStart, count), kMaxTailPoints));
        m_tailStart = end;
        ++m_livePart;
        return;
    }
    // The run went on past its planned epochs: everything so far becomes one part, drawn anew.
    m_tailStart = end;
    clearLossParts();
    m_rawLossParts.front()->replace(decimate(raw.first(end + 1), kMaxMergedLossPoints));
    m_smoothLossParts.front()->replace(decimate(smooth.first(end + 1), kMaxMergedLossPoints));
    m_livePart = 1;
}

// The parts in use but the first, which has the legend entry.
void TrainingCharts::clearLossParts()
{
    for (std::size_t i = 1; i <= m_livePart; ++i) {
        m_rawLossParts[i]->clear();
        m_smoothLossParts[i]->clear();
    }
    m_livePart = 0;
}

int TrainingCharts::redrawIntervalMs() const
{
    return m_timer->interval();
}

void TrainingCharts::setRemoteDisplay(bool remote)
{
    m_remote = remote;
    m_timer->setInterval(remote ? kRemoteRedrawIntervalMs : kRedrawIntervalMs);
}

qsizetype TrainingCharts::epochPointsShown() const
{
    return m_testAccuracySeries->count();
}

qsizetype TrainingCharts::rawLossPointsShown() const
{
    qsizetype shown = 0;
    for (const QLineSeries* part : m_rawLossParts)
        shown += part->count();
    return shown;
}

QChartView* TrainingCharts::view(Chart chart) const
{
    switch (chart) {
    case AccuracyChart:
        return m_accuracyView;
    case LearningRateChart:
        return m_rateView;
    case LossChart:
        break;
    }
    return m_lossView;
}

bool TrainingCharts::exportChart(Chart chart, const QString& path) const
{
    QChartView* v = view(chart);
    if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(v->size());
        svg.setViewBox(QRect(QPoint(0, 0), v->size()));
        svg.setTitle(v->chart()->title());
        QPainter painter;
        if (!painter.begin(&svg))
            return false;
        v->render(&painter);
        return painter.end() && QFile::exists(path);
    }
    return v->grab().save(path);
}

bool TrainingCharts::exportCsv(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "kind,epoch,batch,step,loss,accuracy,learning_rate,test_loss,test_accuracy,images_per_second\n";
    for (const engine::BatchMetrics& b : m_steps)
        out << "step," << b.epoch << ',' << b.batch << ',' << b.step << ',' << b.loss << ',' << b.accuracy << ','
            << b.learningRate << ",,," << b.imagesPerSecond << '\n';
    for (const engine::EpochMetrics& e : m_epochs)
        out << "epoch," << e.epoch << ",," << e.steps << ',' << e.trainLoss << ',' << e.trainAccuracy << ','
            << e.learningRate << ',' << e.testLoss << ',' << e.testAccuracy << ',' << e.imagesPerSecond << '\n';
    return out.status() == QTextStream::Ok && file.flush();
}

} // namespace cnnwb::ui

namespace cnnwb::ui {

QValueAxis* TrainingCharts::axis(Chart chart, Qt::Orientation orientation) const
{
    return static_cast<QValueAxis*>(view(chart)->chart()->axes(orientation).value(0));
}

QWidget* TrainingCharts::chartViewport(Chart chart) const
{
    return view(chart)->viewport();
}

QPoint TrainingCharts::viewPosition(Chart chart, const QPointF& value) const
{
    QChartView* v = view(chart);
    const QPointF scene = v->chart()->mapToScene(v->chart()->mapToPosition(value));
    return v->mapFromScene(scene);
}

int TrainingCharts::epochAt(Chart chart, const QPoint& viewPosition) const
{
    if (m_epochs.empty())
        return 0;
    QChartView* v = view(chart);
    const QPointF value = v->chart()->mapToValue(v->chart()->mapFromScene(v->mapToScene(viewPosition)));
    const auto epoch = static_cast<int>(std::lround(value.x()));
    return std::clamp(epoch, m_epochs.front().epoch, m_epochs.back().epoch);
}

void TrainingCharts::markEpoch(int epoch)
{
    m_marked = epoch;
    QList<QPointF> points;
    for (const engine::EpochMetrics& e : m_epochs)
        if (e.epoch == epoch)
            points << QPointF(e.epoch, 100.0 * e.testAccuracy) << QPointF(e.epoch, 100.0 * e.trainAccuracy);
    m_markSeries->replace(points);
}

bool TrainingCharts::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (type == QEvent::MouseButtonPress || type == QEvent::MouseButtonRelease || type == QEvent::MouseButtonDblClick) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        for (const Chart chart : {LossChart, AccuracyChart})
            if (watched == view(chart)->viewport() && mouse->button() == Qt::LeftButton) {
                if (type == QEvent::MouseButtonPress)
                    if (const int epoch = epochAt(chart, mouse->position().toPoint()); epoch > 0) {
                        markEpoch(epoch);
                        Q_EMIT epochSelected(epoch);
                    }
                // Handled here: the charts have no mouse interaction of their own, and Qt Charts 6.4's
                // QChartView::mousePressEvent can crash looking for an item under the cursor while
                // series are being replaced.
                return true;
            }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace cnnwb::ui
