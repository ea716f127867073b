#include "ui/health/sparkline_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {
namespace {

QPainterPath trend(const QList<QPointF>& points, bool logScale, const QRectF& box)
{
    QPainterPath path;
    if (points.isEmpty())
        return path;
    // On a log scale a zero (a dead layer's gradient) sits a decade under the smallest positive
    // value, not thirty decades down where it would flatten everything else.
    double smallest = 0.0;
    for (const QPointF& p : points)
        if (p.y() > 0.0 && (smallest == 0.0 || p.y() < smallest))
            smallest = p.y();
    const double floor = smallest > 0.0 ? smallest / 10.0 : 1.0;
    const auto y = [logScale, floor](double v) { return logScale ? std::log10(std::max(v, floor)) : v; };
    double xLow = points.front().x();
    double xHigh = points.back().x();
    double yLow = y(points.front().y());
    double yHigh = yLow;
    for (const QPointF& p : points) {
        yLow = std::min(yLow, y(p.y()));
        yHigh = std::max(yHigh, y(p.y()));
    }
    if (xHigh <= xLow)
        xHigh = xLow + 1.0;
    if (yHigh - yLow < 1e-12) { // flat: a line through the middle
        yLow -= 1.0;
        yHigh += 1.0;
    }
    for (qsizetype i = 0; i < points.size(); ++i) {
        const QPointF at(box.left() + (points[i].x() - xLow) / (xHigh - xLow) * box.width(),
            box.bottom() - (y(points[i].y()) - yLow) / (yHigh - yLow) * box.height());
        if (i == 0)
            path.moveTo(at);
        else
            path.lineTo(at);
    }
    return path;
}

} // namespace

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem plain(option);
    initStyleOption(&plain, index);
    const QString text = plain.text;
    plain.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &plain, painter, widget);

    const bool flagged = index.data(kFlaggedRole).toBool();
    const QColor ink = flagged ? QColor(0xc6, 0x28, 0x28) : option.palette.color(QPalette::Text);
    const QRect cell = option.rect.adjusted(4, 3, -4, -3);
    const int textWidth = option.fontMetrics.horizontalAdvance(QStringLiteral("0.00e-00")) + 4;
    const QRectF box(cell.left(), cell.top() + 1, std::max(8, cell.width() - textWidth), cell.height() - 2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(ink, flagged ? 1.6 : 1.2));
    painter->drawPath(trend(index.data(kPointsRole).value<QList<QPointF>>(), index.data(kLogScaleRole).toBool(), box));
    painter->setPen(ink);
    painter->drawText(QRect(static_cast<int>(box.right()) + 4, cell.top(), textWidth, cell.height()),
        Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return {std::max(base.width(), 150), std::max(base.height(), option.fontMetrics.height() * 3 / 2 + 6)};
}

} // namespace cnnwb::ui
