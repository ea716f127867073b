#pragma once

#include <QStyledItemDelegate>

namespace cnnwb::ui {

/// Draws a cell's trend as a small line: the points (QList<QPointF>, x = step) in kPointsRole,
/// scaled to the cell, on a log scale when kLogScaleRole is true (norms and update ratios span
/// decades). The cell's text (the newest value) is written at its right; a flagged cell
/// (kFlaggedRole, a diagnosis is about this layer) is drawn in the warning colour.
class SparklineDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static constexpr int kPointsRole = Qt::UserRole + 1;
    static constexpr int kLogScaleRole = Qt::UserRole + 2;
    static constexpr int kFlaggedRole = Qt::UserRole + 3;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace cnnwb::ui
