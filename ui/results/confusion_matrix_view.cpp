#include "ui/results/confusion_matrix_view.h"

#include <QFontMetrics>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace cnnwb::ui {

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("confusionMatrix"));
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ConfusionMatrixView::setMatrix(const std::vector<std::int64_t>& confusion, const QStringList& classNames)
{
    m_names = classNames;
    const auto n = static_cast<std::size_t>(classNames.size());
    m_confusion = confusion.size() == n * n ? confusion : std::vector<std::int64_t>(n * n, 0);
    m_labelWidth = 0;
    const QFontMetrics metrics(font());
    for (int i = 0; i < m_names.size(); ++i)
        m_labelWidth = std::max(m_labelWidth, metrics.horizontalAdvance(rowLabel(i)));
    m_labelWidth = std::min(m_labelWidth + 12, 160);
    updateGeometry();
    update();
}

void ConfusionMatrixView::setNormalized(bool normalized)
{
    m_normalized = normalized;
    update();
}

std::int64_t ConfusionMatrixView::count(int trueLabel, int predicted) const
{
    const int n = classCount();
    if (trueLabel < 0 || predicted < 0 || trueLabel >= n || predicted >= n)
        return 0;
    return m_confusion[static_cast<std::size_t>(trueLabel * n + predicted)];
}

double ConfusionMatrixView::share(int trueLabel, int predicted) const
{
    std::int64_t row = 0;
    for (int c = 0; c < classCount(); ++c)
        row += count(trueLabel, c);
    return row > 0 ? static_cast<double>(count(trueLabel, predicted)) / static_cast<double>(row) : 0.0;
}

QString ConfusionMatrixView::cellText(int trueLabel, int predicted) const
{
    return m_normalized ? QString::number(share(trueLabel, predicted), 'f', 2)
                        : QString::number(count(trueLabel, predicted));
}

QString ConfusionMatrixView::rowLabel(int row) const
{
    return QStringLiteral("%1  %2").arg(m_names.value(row)).arg(row); // the number heads its column
}

QRect ConfusionMatrixView::gridRect() const
{
    const int header = fontMetrics().height() * 2 + 8;
    const int side = std::max(0, std::min(width() - m_labelWidth - 8, height() - header - 8));
    return {m_labelWidth, header, side, side};
}

QRect ConfusionMatrixView::cellRect(int trueLabel, int predicted) const
{
    const int n = classCount();
    if (n == 0 || trueLabel < 0 || predicted < 0 || trueLabel >= n || predicted >= n)
        return {};
    const QRect grid = gridRect();
    const double cell = grid.width() / static_cast<double>(n);
    return QRectF(grid.left() + predicted * cell, grid.top() + trueLabel * cell, cell, cell)
        .toAlignedRect()
        .adjusted(0, 0, -1, -1);
}

QSize ConfusionMatrixView::minimumSizeHint() const
{
    const int n = std::max(1, classCount());
    return {m_labelWidth + n * 18 + 8, fontMetrics().height() * 2 + 8 + n * 18 + 8};
}

void ConfusionMatrixView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    const int n = classCount();
    if (n == 0) {
        painter.drawText(rect(), Qt::AlignCenter, tr("No epoch finished yet."));
        return;
    }
    const QRect grid = gridRect();
    painter.drawText(
        QRect(grid.left(), 0, grid.width(), fontMetrics().height() + 4), Qt::AlignCenter, tr("predicted class →"));
    const QColor high = palette().color(QPalette::Highlight);
    // Counts use a font that fits the widest one into a cell; below 6 pt they are left out (the
    // shading still shows the pattern, and the table beside has the numbers).
    QFont cellFont = font();
    std::int64_t widest = 1;
    for (const std::int64_t value : m_confusion)
        widest = std::max(widest, value);
    const QString sample = m_normalized ? QStringLiteral("0.00") : QString::number(widest);
    const int cellWidth = cellRect(0, 0).width();
    while (cellFont.pointSizeF() > 6.0 && QFontMetrics(cellFont).horizontalAdvance(sample) > cellWidth - 4)
        cellFont.setPointSizeF(cellFont.pointSizeF() - 0.5);
    const bool numbers = QFontMetrics(cellFont).horizontalAdvance(sample) <= cellWidth - 2;
    for (int r = 0; r < n; ++r) {
        const QRect first = cellRect(r, 0);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(0, first.top(), m_labelWidth - 6, first.height()), Qt::AlignRight | Qt::AlignVCenter,
            fontMetrics().elidedText(rowLabel(r), Qt::ElideRight, m_labelWidth - 6));
        for (int c = 0; c < n; ++c) {
            const QRect cell = cellRect(r, c);
            const double s = share(r, c);
            QColor fill = high;
            fill.setAlphaF(0.08 + 0.92 * s);
            painter.fillRect(cell, s > 0.0 ? fill : palette().color(QPalette::Base));
            painter.setPen(s > 0.55 ? palette().color(QPalette::HighlightedText) : palette().color(QPalette::Text));
            if (numbers) {
                painter.setFont(cellFont);
                painter.drawText(cell, Qt::AlignCenter, cellText(r, c));
                painter.setFont(font());
            }
            if (r == c) {
                painter.setPen(QPen(palette().color(QPalette::Text), 1, Qt::DotLine));
                painter.drawRect(cell);
            }
        }
    }
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(grid.adjusted(0, 0, -1, -1));
    // Column numbers: names would not fit above narrow cells; the row labels give them.
    painter.setPen(palette().color(QPalette::WindowText));
    for (int c = 0; c < n; ++c) {
        const QRect cell = cellRect(0, c);
        painter.drawText(QRect(cell.left(), fontMetrics().height() + 2, cell.width(), fontMetrics().height() + 4),
            Qt::AlignCenter, QString::number(c));
    }
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* event)
{
    const int n = classCount();
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            if (cellRect(r, c).contains(event->position().toPoint())) {
                Q_EMIT cellClicked(r, c);
                return;
            }
    QWidget::mousePressEvent(event);
}

} // namespace cnnwb::ui
