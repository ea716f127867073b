#include "ui/results/confusion_matrix_view.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

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
    const QFontMetrics metrics(font());
    int widestName = 0;
    for (const QString& name : m_names)
        widestName = std::max(widestName, metrics.horizontalAdvance(name));
    const int number = metrics.horizontalAdvance(QStringLiteral("  %1").arg(m_names.size()));
    m_labelWidth = std::min(widestName + number + 12, 160);
    m_nameHeight = std::min(widestName + 8, 140);
    m_widestName = widestName;
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

QString ConfusionMatrixView::rowLabel(int trueLabel) const
{
    if (trueLabel < 0 || trueLabel >= classCount())
        return {};
    // With numbered columns the row says which number is which class.
    const QString label
        = namedColumns() ? m_names[trueLabel] : QStringLiteral("%1  %2").arg(m_names[trueLabel]).arg(trueLabel);
    return fontMetrics().elidedText(label, Qt::ElideRight, m_labelWidth - 6);
}

QString ConfusionMatrixView::columnLabel(int predicted) const
{
    if (predicted < 0 || predicted >= classCount())
        return {};
    const Layout l = layout();
    if (l.labels == ColumnLabels::Numbers)
        return QString::number(predicted);
    const int room = l.labels == ColumnLabels::Upright ? m_nameHeight - 4
                                                       : static_cast<int>(l.cellWidth * (l.staggered ? 2 : 1)) - 4;
    return fontMetrics().elidedText(m_names[predicted], Qt::ElideRight, room);
}

// Cells need not be square: rows take the height there is, columns the width (up to twice a row's
// height, or a name's width). Class names go above the columns across when a cell is wide enough,
// upright when the header has room for them, else the columns are numbered (the row labels say
// which number is which class).
ConfusionMatrixView::Layout ConfusionMatrixView::layout() const
{
    Layout result;
    const int n = classCount();
    if (n == 0)
        return result;
    const QFontMetrics metrics = fontMetrics();
    const int title = metrics.height() + 4;
    const int lineHeader = title + metrics.height() + 6;
    const auto sized = [&](int header, ColumnLabels labels) {
        Layout l;
        l.labels = labels;
        const int width = std::max(0, this->width() - m_labelWidth - 8);
        const int height = std::max(0, this->height() - header - 8);
        l.cellHeight = static_cast<double>(height) / n;
        l.cellWidth = std::min(static_cast<double>(width) / n, std::max(2.0 * l.cellHeight, m_widestName + 10.0));
        l.grid = QRect(m_labelWidth, header, static_cast<int>(l.cellWidth * n), static_cast<int>(l.cellHeight * n));
        return l;
    };
    const Layout across = sized(lineHeader, ColumnLabels::Across);
    if (across.cellWidth >= m_widestName + 6 && across.cellHeight >= metrics.height())
        return across;
    Layout staggered = sized(lineHeader + metrics.height() + 2, ColumnLabels::Across);
    staggered.staggered = true;
    if (2.0 * staggered.cellWidth >= m_widestName + 6 && staggered.cellHeight >= metrics.height())
        return staggered;
    const Layout upright = sized(title + m_nameHeight + 4, ColumnLabels::Upright);
    if (upright.cellWidth >= metrics.height() && upright.cellHeight >= metrics.height() + 4)
        return upright;
    return sized(lineHeader, ColumnLabels::Numbers);
}

QRect ConfusionMatrixView::cellRect(int trueLabel, int predicted) const
{
    const int n = classCount();
    if (n == 0 || trueLabel < 0 || predicted < 0 || trueLabel >= n || predicted >= n)
        return {};
    return cellRect(layout(), trueLabel, predicted);
}

// With the layout computed once: a paint asks for every cell (10,000 for CIFAR-100).
QRect ConfusionMatrixView::cellRect(const Layout& l, int trueLabel, int predicted)
{
    return QRectF(
        l.grid.left() + predicted * l.cellWidth, l.grid.top() + trueLabel * l.cellHeight, l.cellWidth, l.cellHeight)
        .toAlignedRect()
        .adjusted(0, 0, -1, -1);
}

// The predicted class of the cell at `position` (and its true class in `trueLabel`); -1 outside.
int ConfusionMatrixView::cellAt(QPoint position, int* trueLabel) const
{
    const int n = classCount();
    const Layout l = layout();
    if (n == 0 || !l.grid.contains(position) || l.cellWidth <= 0.0 || l.cellHeight <= 0.0)
        return -1;
    *trueLabel = std::min(n - 1, static_cast<int>((position.y() - l.grid.top()) / l.cellHeight));
    return std::min(n - 1, static_cast<int>((position.x() - l.grid.left()) / l.cellWidth));
}

QSize ConfusionMatrixView::minimumSizeHint() const
{
    const int n = std::max(1, classCount());
    return {m_labelWidth + n * 18 + 8, fontMetrics().height() * 2 + 8 + n * 18 + 8};
}

bool ConfusionMatrixView::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    const auto* help = static_cast<QHelpEvent*>(event);
    int trueLabel = -1;
    const int predicted = cellAt(help->pos(), &trueLabel);
    if (predicted < 0) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    QToolTip::showText(help->globalPos(),
        tr("True class %1, predicted %2: %n image(s), %3 % of the true class", nullptr,
            static_cast<int>(count(trueLabel, predicted)))
            .arg(m_names[trueLabel], m_names[predicted])
            .arg(100.0 * share(trueLabel, predicted), 0, 'f', 1),
        this);
    return true;
}

void ConfusionMatrixView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    if (classCount() == 0) {
        painter.drawText(rect(), Qt::AlignCenter, tr("No epoch finished yet."));
        return;
    }
    const QRect grid = gridRect();
    painter.drawText(
        QRect(grid.left(), 0, grid.width(), fontMetrics().height() + 4), Qt::AlignCenter, tr("predicted class →"));
    const Layout l = layout();
    paintCells(painter, l);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(grid.adjusted(0, 0, -1, -1));
    paintColumnLabels(painter, l);
}

void ConfusionMatrixView::paintCells(QPainter& painter, const Layout& l)
{
    const int n = classCount();
    const QColor high = palette().color(QPalette::Highlight);
    // Counts use a font that fits the widest one into a cell; below 6 pt they are left out (the
    // shading still shows the pattern, and the tooltips and the table beside have the numbers).
    QFont cellFont = font();
    std::int64_t widest = 1;
    for (const std::int64_t value : m_confusion)
        widest = std::max(widest, value);
    const QString sample = m_normalized ? QStringLiteral("0.00") : QString::number(widest);
    const int cellWidth = cellRect(l, 0, 0).width();
    while (cellFont.pointSizeF() > 6.0 && QFontMetrics(cellFont).horizontalAdvance(sample) > cellWidth - 4)
        cellFont.setPointSizeF(cellFont.pointSizeF() - 0.5);
    const bool numbers = QFontMetrics(cellFont).horizontalAdvance(sample) <= cellWidth - 2;
    for (int r = 0; r < n; ++r) {
        const QRect first = cellRect(l, r, 0);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(
            QRect(0, first.top(), m_labelWidth - 6, first.height()), Qt::AlignRight | Qt::AlignVCenter, rowLabel(r));
        for (int c = 0; c < n; ++c) {
            const QRect cell = cellRect(l, r, c);
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
}

void ConfusionMatrixView::paintColumnLabels(QPainter& painter, const Layout& l)
{
    painter.setPen(palette().color(QPalette::WindowText));
    const int lineTop = fontMetrics().height() + 2;
    for (int c = 0; c < classCount(); ++c) {
        const QRect cell = cellRect(l, 0, c);
        if (l.labels != ColumnLabels::Upright) {
            // Staggered: even columns on the first line, odd ones on the second, each centred on
            // its column with two cells' width.
            const int line = l.staggered ? c % 2 : 0;
            const int width = l.staggered ? 2 * cell.width() : cell.width();
            painter.drawText(QRect(cell.center().x() - width / 2, lineTop + line * (fontMetrics().height() + 2), width,
                                 fontMetrics().height() + 4),
                Qt::AlignCenter, columnLabel(c));
            continue;
        }
        // Upright, reading from the grid upwards: the x axis turned to point up.
        painter.save();
        painter.translate(cell.left(), l.grid.top() - 4);
        painter.rotate(-90.0);
        painter.drawText(QRect(0, 0, m_nameHeight - 4, cell.width()), Qt::AlignLeft | Qt::AlignVCenter, columnLabel(c));
        painter.restore();
    }
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* event)
{
    int trueLabel = -1;
    const int predicted = cellAt(event->position().toPoint(), &trueLabel);
    if (predicted >= 0) {
        Q_EMIT cellClicked(trueLabel, predicted);
        return;
    }
    QWidget::mousePressEvent(event);
}

} // namespace cnnwb::ui
