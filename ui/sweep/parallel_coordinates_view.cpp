#include "ui/sweep/parallel_coordinates_view.h"

#include "ui/sweep/sweep_text.h"
#include "ui/sweep/trial_colors.h"

#include "cnnwb/engine/sweep/sweep_spec.h"

#include <QJsonArray>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {
namespace {

constexpr double kMarginTop = 58.0;
constexpr double kMarginBottom = 30.0;
constexpr double kMarginSide = 56.0;
constexpr double kGrabDistance = 14.0;
// Values over more than this ratio go on a log axis, as learning rates and weight decays do.
constexpr double kLogSpan = 50.0;

QString numberLabel(double value)
{
    return QString::number(value, 'g', 3);
}

} // namespace

ParallelCoordinatesView::ParallelCoordinatesView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("ParallelCoordinates"));
    setMouseTracking(false);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    setToolTip(tr("Drag along an axis to keep only the trials in that range; click an axis to clear its range."));
}

void ParallelCoordinatesView::setIndex(const engine::SweepIndex& index)
{
    // Brushes survive an update of the same sweep (a running sweep's every epoch).
    QJsonObject brushes = viewSettings();
    for (auto it = m_pendingBrushes.begin(); it != m_pendingBrushes.end(); ++it)
        if (!brushes.contains(it.key()))
            brushes.insert(it.key(), it.value());
    m_index = index;
    buildAxes();
    m_pendingBrushes = {};
    setViewSettings(brushes);
    update();
}

void ParallelCoordinatesView::buildAxes()
{
    m_axes.clear();
    for (std::size_t k = 0; k < m_index.keys.size(); ++k)
        m_axes.push_back(settingAxis(k));
    std::vector<std::optional<double>> best;
    std::vector<std::optional<double>> loss;
    for (const engine::TrialRecord& t : m_index.trials) {
        best.push_back(t.epochsDone > 0 ? std::optional<double>(100.0 * t.bestTestAccuracy) : std::nullopt);
        loss.push_back(t.epochsDone > 0 ? std::optional<double>(t.lastTestLoss) : std::nullopt);
    }
    m_axes.push_back(metricAxis(tr("Best test acc. %"), QStringLiteral("best_test_accuracy"), true, best));
    m_axes.push_back(metricAxis(tr("Last test loss"), QStringLiteral("last_test_loss"), false, loss));
}

ParallelCoordinatesView::Axis ParallelCoordinatesView::settingAxis(std::size_t key) const
{
    Axis axis;
    axis.key = QString::fromStdString(m_index.keys[key]);
    axis.name = SweepText::setting(m_index.keys[key]);
    std::vector<double> numbers;
    bool numeric = true;
    for (const engine::TrialRecord& t : m_index.trials) {
        bool ok = false;
        const double v = QString::fromStdString(engine::sweepValueText(t.values[key])).toDouble(&ok);
        numeric = numeric && ok && t.values[key].front() != '"';
        numbers.push_back(v);
        const QString text = QString::fromStdString(engine::sweepValueText(t.values[key]));
        if (!axis.categories.contains(text))
            axis.categories.push_back(text);
    }
    if (!numeric || numbers.empty()) {
        axis.categorical = true;
        axis.categories.sort();
        for (const engine::TrialRecord& t : m_index.trials) {
            const int at = static_cast<int>(
                axis.categories.indexOf(QString::fromStdString(engine::sweepValueText(t.values[key]))));
            axis.positions.emplace_back(
                axis.categories.size() == 1 ? 0.5 : static_cast<double>(at) / (axis.categories.size() - 1));
        }
        return axis;
    }
    axis.low = *std::min_element(numbers.begin(), numbers.end());
    axis.high = *std::max_element(numbers.begin(), numbers.end());
    const bool logRange = key < m_index.scales.size() && m_index.scales[key] == engine::SweepScale::Log;
    axis.log = axis.low > 0.0 && (logRange || axis.high / axis.low >= kLogSpan);
    for (const double v : numbers) {
        const double span = axis.log ? std::log(axis.high) - std::log(axis.low) : axis.high - axis.low;
        const double offset = axis.log ? std::log(v) - std::log(axis.low) : v - axis.low;
        axis.positions.emplace_back(span > 0.0 ? offset / span : 0.5);
    }
    return axis;
}

ParallelCoordinatesView::Axis ParallelCoordinatesView::metricAxis(const QString& name, const QString& key,
    bool higherIsBetter, const std::vector<std::optional<double>>& values) const
{
    Axis axis;
    axis.name = name;
    axis.key = key;
    bool any = false;
    for (const auto& v : values)
        if (v) {
            axis.low = any ? std::min(axis.low, *v) : *v;
            axis.high = any ? std::max(axis.high, *v) : *v;
            any = true;
        }
    for (const auto& v : values) {
        if (!v) {
            axis.positions.emplace_back(std::nullopt);
            continue;
        }
        const double span = axis.high - axis.low;
        axis.positions.emplace_back(span > 0.0 ? (*v - axis.low) / span : 0.5);
    }
    (void)higherIsBetter; // both metrics keep their own direction: up is more
    return axis;
}

QString ParallelCoordinatesView::axisName(int axis) const
{
    return m_axes.at(static_cast<std::size_t>(axis)).name;
}

bool ParallelCoordinatesView::axisIsLog(int axis) const
{
    return m_axes.at(static_cast<std::size_t>(axis)).log;
}

QRectF ParallelCoordinatesView::plotArea() const
{
    return QRectF(kMarginSide, kMarginTop, std::max(1.0, width() - 2 * kMarginSide),
        std::max(1.0, height() - kMarginTop - kMarginBottom));
}

QPointF ParallelCoordinatesView::axisPoint(int axis, double position) const
{
    const QRectF area = plotArea();
    const double x = m_axes.size() < 2 ? area.center().x()
                                       : area.left() + area.width() * axis / static_cast<double>(m_axes.size() - 1);
    return {x, area.bottom() - position * area.height()};
}

double ParallelCoordinatesView::positionAt(double y) const
{
    const QRectF area = plotArea();
    return std::clamp((area.bottom() - y) / area.height(), 0.0, 1.0);
}

int ParallelCoordinatesView::axisNear(double x) const
{
    for (int a = 0; a < axisCount(); ++a)
        if (std::abs(axisPoint(a, 0).x() - x) <= kGrabDistance)
            return a;
    return -1;
}

bool ParallelCoordinatesView::passes(std::size_t trial) const
{
    for (const Axis& axis : m_axes) {
        if (!axis.brush)
            continue;
        const std::optional<double>& p = axis.positions[trial];
        if (!p || *p < axis.brush->first - 1e-9 || *p > axis.brush->second + 1e-9)
            return false;
    }
    return true;
}

void ParallelCoordinatesView::brush(int axis, double from, double to)
{
    m_axes.at(static_cast<std::size_t>(axis)).brush = std::make_pair(std::min(from, to), std::max(from, to));
    announceBrushes();
}

void ParallelCoordinatesView::clearBrushes()
{
    for (Axis& axis : m_axes)
        axis.brush.reset();
    announceBrushes();
}

void ParallelCoordinatesView::announceBrushes()
{
    update();
    Q_EMIT brushedTrialsChanged(passingTrials(), !anyBrush());
}

bool ParallelCoordinatesView::anyBrush() const
{
    return std::any_of(m_axes.begin(), m_axes.end(), [](const Axis& a) { return a.brush.has_value(); });
}

QSet<int> ParallelCoordinatesView::passingTrials() const
{
    QSet<int> trials;
    for (std::size_t t = 0; t < m_index.trials.size(); ++t)
        if (passes(t))
            trials.insert(static_cast<int>(t));
    return trials;
}

int ParallelCoordinatesView::lineCount() const
{
    return static_cast<int>(m_index.trials.size());
}

QJsonObject ParallelCoordinatesView::viewSettings() const
{
    QJsonObject brushes;
    for (const Axis& axis : m_axes)
        if (axis.brush)
            brushes.insert(axis.key, QJsonArray{axis.brush->first, axis.brush->second});
    return brushes;
}

void ParallelCoordinatesView::setViewSettings(const QJsonObject& settings)
{
    bool changed = false;
    for (Axis& axis : m_axes) {
        const QJsonArray range = settings.value(axis.key).toArray();
        std::optional<std::pair<double, double>> brush;
        if (range.size() == 2)
            brush = std::make_pair(range[0].toDouble(), range[1].toDouble());
        changed = changed || brush != axis.brush;
        axis.brush = brush;
    }
    if (m_axes.empty())
        m_pendingBrushes = settings;
    if (changed)
        announceBrushes();
}

// ---- drawing --------------------------------------------------------------------------------------

void ParallelCoordinatesView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    if (m_index.trials.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
            tr("Run a sweep: each trial becomes a line across its settings and results."));
        return;
    }
    drawLines(painter);
    for (int a = 0; a < axisCount(); ++a)
        drawAxis(painter, a);
}

void ParallelCoordinatesView::drawLines(QPainter& painter) const
{
    const Axis& colorAxis = m_axes[m_axes.size() - 2]; // best test accuracy
    // Filtered-out lines first and faint, so that the ones that pass lie on top.
    for (const bool passing : {false, true}) {
        for (std::size_t t = 0; t < m_index.trials.size(); ++t) {
            if (passes(t) != passing)
                continue;
            QPainterPath path;
            bool started = false;
            for (int a = 0; a < axisCount(); ++a) {
                const std::optional<double>& p = m_axes[static_cast<std::size_t>(a)].positions[t];
                if (!p)
                    continue;
                const QPointF point = axisPoint(a, *p);
                started ? path.lineTo(point) : path.moveTo(point);
                started = true;
            }
            const std::optional<double>& c = colorAxis.positions[t];
            QColor color = c ? viridis(*c) : QColor(0xb0, 0xb0, 0xb0);
            if (!passing)
                color = QColor(0xd8, 0xd8, 0xd8);
            painter.setPen(QPen(color, passing && m_index.bestTrial() == static_cast<int>(t) ? 3.0 : 1.6));
            painter.drawPath(path);
        }
    }
}

void ParallelCoordinatesView::drawAxis(QPainter& painter, int a) const
{
    const Axis& axis = m_axes[static_cast<std::size_t>(a)];
    const QPointF bottom = axisPoint(a, 0.0);
    const QPointF top = axisPoint(a, 1.0);
    painter.setPen(QPen(palette().color(QPalette::Text), 1.2));
    painter.drawLine(bottom, top);
    if (axis.brush) {
        const QPointF from = axisPoint(a, axis.brush->first);
        const QPointF to = axisPoint(a, axis.brush->second);
        painter.fillRect(
            QRectF(from.x() - 6, to.y(), 12, std::max(2.0, from.y() - to.y())), QColor(0x1f, 0x77, 0xb4, 90));
    }
    const double slot = plotArea().width() / std::max<std::size_t>(1, m_axes.size() - 1);
    const QFontMetrics metrics(font());
    const QString title = axis.name + (axis.log ? tr(" (log)") : QString());
    painter.drawText(QRectF(top.x() - slot / 2, 2, slot, kMarginTop - metrics.height() - 8),
        Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap,
        metrics.elidedText(title, Qt::ElideMiddle, static_cast<int>(2 * slot)));
    painter.setPen(palette().color(QPalette::PlaceholderText));
    if (axis.categorical) {
        for (int i = 0; i < axis.categories.size(); ++i) {
            const double p = axis.categories.size() == 1 ? 0.5 : static_cast<double>(i) / (axis.categories.size() - 1);
            painter.drawText(axisPoint(a, p) + QPointF(5, 4), axis.categories[i]);
        }
        return;
    }
    painter.drawText(QRectF(bottom.x() - slot / 2, bottom.y() + 2, slot, kMarginBottom - 4),
        Qt::AlignHCenter | Qt::AlignTop, numberLabel(axis.low));
    if (axis.high != axis.low)
        painter.drawText(QRectF(top.x() - slot / 2, top.y() - 2 - metrics.height(), slot, metrics.height()),
            Qt::AlignHCenter | Qt::AlignBottom, numberLabel(axis.high));
}

// ---- brushing ---------------------------------------------------------------------------------------

void ParallelCoordinatesView::mousePressEvent(QMouseEvent* event)
{
    m_dragAxis = axisNear(event->position().x());
    m_dragFrom = positionAt(event->position().y());
}

void ParallelCoordinatesView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragAxis < 0)
        return;
    m_axes[static_cast<std::size_t>(m_dragAxis)].brush
        = std::make_pair(std::min(m_dragFrom, positionAt(event->position().y())),
            std::max(m_dragFrom, positionAt(event->position().y())));
    update();
}

void ParallelCoordinatesView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_dragAxis < 0)
        return;
    const double to = positionAt(event->position().y());
    Axis& axis = m_axes[static_cast<std::size_t>(m_dragAxis)];
    const bool click = std::abs(to - m_dragFrom) * plotArea().height() < 3.0;
    if (click)
        axis.brush.reset();
    else
        axis.brush = std::make_pair(std::min(m_dragFrom, to), std::max(m_dragFrom, to));
    m_dragAxis = -1;
    announceBrushes();
}

} // namespace cnnwb::ui
