#include "ui/health/histogram_heat_map.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {
namespace {

// Spreads a histogram's counts over `rows` equal rows of [low, high] in proportion to how much of
// each bin falls into each row, so the total count is kept whatever the two binnings are.
std::vector<double> resample(const engine::Histogram& h, double low, double high, int rows)
{
    std::vector<double> out(static_cast<std::size_t>(rows), 0.0);
    const double span = high - low;
    const auto rowOf = [&](double v) {
        return std::clamp(static_cast<int>(span > 0.0 ? (v - low) / span * rows : 0.0), 0, rows - 1);
    };
    const auto bins = static_cast<int>(h.bins.size());
    const double width = bins > 0 ? (h.max - h.min) / bins : 0.0;
    for (int b = 0; b < bins; ++b) {
        const double count = h.bins[static_cast<std::size_t>(b)];
        if (count <= 0.0)
            continue;
        const double from = h.min + width * b;
        const double to = from + width;
        if (width <= 0.0 || span <= 0.0) {
            out[static_cast<std::size_t>(rowOf(from))] += count;
            continue;
        }
        for (int r = rowOf(from); r <= rowOf(to); ++r) {
            const double rowFrom = low + span * r / rows;
            const double rowTo = low + span * (r + 1) / rows;
            const double overlap = std::min(to, rowTo) - std::max(from, rowFrom);
            if (overlap > 0.0)
                out[static_cast<std::size_t>(r)] += count * overlap / width;
        }
    }
    return out;
}

QColor heat(double share)
{
    // White to a deep blue: readable on a projector and for the colour-blind.
    const double t = std::clamp(share, 0.0, 1.0);
    return QColor::fromRgbF(
        static_cast<float>(1.0 - 0.92 * t), static_cast<float>(1.0 - 0.75 * t), static_cast<float>(1.0 - 0.35 * t));
}

} // namespace

HistogramHeatMap::HistogramHeatMap(QWidget* parent)
    : QWidget(parent)
{
    setMinimumSize(minimumSizeHint());
}

void HistogramHeatMap::setStrips(std::vector<std::pair<int, engine::Histogram>> strips)
{
    m_strips = std::move(strips);
    m_low = 0.0;
    m_high = 0.0;
    bool first = true;
    for (const auto& [epoch, h] : m_strips) {
        m_low = first ? h.min : std::min(m_low, h.min);
        m_high = first ? h.max : std::max(m_high, h.max);
        first = false;
    }
    m_columns.clear();
    for (const auto& [epoch, h] : m_strips)
        m_columns.push_back(resample(h, m_low, m_high, kRows));
    update();
}

void HistogramHeatMap::setSelectedEpoch(int epoch)
{
    if (m_selected == epoch)
        return;
    m_selected = epoch;
    update();
}

std::vector<double> HistogramHeatMap::column(int strip) const
{
    if (strip < 0 || strip >= stripCount())
        return {};
    std::vector<double> top(m_columns[static_cast<std::size_t>(strip)]);
    std::reverse(top.begin(), top.end());
    return top;
}

QRect HistogramHeatMap::plotArea() const
{
    const QFontMetrics fm = fontMetrics();
    const int left = fm.horizontalAdvance(QStringLiteral("-0.000e-00")) + 6;
    return rect().adjusted(left, fm.height() / 2, -4, -(fm.height() + 6));
}

void HistogramHeatMap::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    const QRect area = plotArea();
    painter.fillRect(area, palette().base());
    if (m_columns.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(
            area, Qt::AlignCenter | Qt::TextWordWrap, tr("No histograms yet: one strip appears per epoch."));
        return;
    }
    const int n = static_cast<int>(m_columns.size());
    const double stripWidth = static_cast<double>(area.width()) / n;
    const double rowHeight = static_cast<double>(area.height()) / kRows;
    for (int s = 0; s < n; ++s) {
        const std::vector<double>& counts = m_columns[static_cast<std::size_t>(s)];
        const double peak = std::log1p(*std::max_element(counts.begin(), counts.end()));
        for (int r = 0; r < kRows; ++r) {
            const double share = peak > 0.0 ? std::log1p(counts[static_cast<std::size_t>(r)]) / peak : 0.0;
            const QRectF cell(area.left() + s * stripWidth, area.bottom() + 1 - (r + 1) * rowHeight, stripWidth + 0.5,
                rowHeight + 0.5);
            painter.fillRect(cell, heat(share));
        }
        if (m_strips[static_cast<std::size_t>(s)].first == m_selected) {
            painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
            painter.drawRect(
                QRectF(area.left() + s * stripWidth + 1, area.top() + 1, stripWidth - 2, area.height() - 2));
        }
    }
    drawAxes(painter, area);
}

void HistogramHeatMap::drawAxes(QPainter& painter, const QRect& area) const
{
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawRect(area.adjusted(0, 0, -1, -1));
    const QFontMetrics fm = fontMetrics();
    const auto label = [](double v) { return QString::number(v, 'g', 3); };
    const QRect leftColumn(0, area.top(), area.left() - 4, area.height());
    painter.drawText(leftColumn, Qt::AlignRight | Qt::AlignTop, label(m_high));
    painter.drawText(leftColumn, Qt::AlignRight | Qt::AlignBottom, label(m_low));
    if (m_low < 0.0 && m_high > 0.0) {
        const int zero = area.bottom() - static_cast<int>((0.0 - m_low) / (m_high - m_low) * area.height());
        painter.drawText(QRect(0, zero - fm.height() / 2, area.left() - 4, fm.height()), Qt::AlignRight, label(0.0));
    }
    // Epoch numbers under the strips, as many as fit.
    const int n = static_cast<int>(m_strips.size());
    const double stripWidth = static_cast<double>(area.width()) / n;
    const int every
        = std::max(1, static_cast<int>(std::ceil(fm.horizontalAdvance(QStringLiteral("000")) / stripWidth)));
    for (int s = 0; s < n; s += every) {
        // Under the middle of its strip; where labels are sparser than strips, at the strip's start.
        const QRectF cell(area.left() + s * stripWidth, area.bottom() + 3, stripWidth, fm.height());
        painter.drawText(cell, (every == 1 ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignTop | Qt::TextDontClip,
            QString::number(m_strips[static_cast<std::size_t>(s)].first));
    }
}

void HistogramHeatMap::mousePressEvent(QMouseEvent* event)
{
    const QRect area = plotArea();
    if (m_strips.empty() || area.width() <= 0)
        return;
    const double x = event->position().x() - area.left();
    const int strip = std::clamp(static_cast<int>(x / area.width() * static_cast<double>(m_strips.size())), 0,
        static_cast<int>(m_strips.size()) - 1);
    Q_EMIT epochClicked(m_strips[static_cast<std::size_t>(strip)].first);
}

} // namespace cnnwb::ui
