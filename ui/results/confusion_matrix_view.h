#pragma once

#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace cnnwb::ui {

/// A confusion matrix as a heat map: rows are the true classes, columns the predicted ones, each
/// cell shaded by its share of the row and labelled with its count (or that share). Clicking a cell
/// reports it, so a gallery can show those samples.
class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    void setMatrix(const std::vector<std::int64_t>& confusion, const QStringList& classNames);
    void setNormalized(bool normalized);
    [[nodiscard]] bool normalized() const noexcept { return m_normalized; }
    [[nodiscard]] int classCount() const noexcept { return static_cast<int>(m_names.size()); }
    [[nodiscard]] std::int64_t count(int trueLabel, int predicted) const;
    /// The text drawn in a cell ("12" or "0.40"), for tests.
    [[nodiscard]] QString cellText(int trueLabel, int predicted) const;
    /// Where a cell is drawn, in widget coordinates (empty when out of range).
    [[nodiscard]] QRect cellRect(int trueLabel, int predicted) const;
    /// The label drawn above a column: the class name, turned upright and elided to the header's
    /// height, or the class number when the cells are too narrow for a line of text.
    [[nodiscard]] QString columnLabel(int predicted) const;
    /// The label drawn left of a row: the class name, elided to the label column's width (with the
    /// number when the columns show numbers).
    [[nodiscard]] QString rowLabel(int trueLabel) const;
    [[nodiscard]] QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellClicked(int trueLabel, int predicted);

protected:
    bool event(QEvent* event) override; // a cell's tooltip: both class names, count and share
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    [[nodiscard]] double share(int trueLabel, int predicted) const;
    /// How column labels are drawn: class names across (wide cells, or staggered on two lines), upright (tall header
    /// room) or numbers (many narrow cells, CIFAR-100).
    enum class ColumnLabels { Across, Upright, Numbers };
    struct Layout {
        QRect grid;
        double cellWidth = 0.0;
        double cellHeight = 0.0;
        ColumnLabels labels = ColumnLabels::Numbers;
        bool staggered = false; // names across on two lines, alternate columns, each two cells wide
    };
    [[nodiscard]] Layout layout() const;
    [[nodiscard]] QRect gridRect() const { return layout().grid; }
    [[nodiscard]] bool namedColumns() const { return layout().labels != ColumnLabels::Numbers; }
    [[nodiscard]] int cellAt(QPoint position, int* trueLabel) const;
    [[nodiscard]] static QRect cellRect(const Layout& layout, int trueLabel, int predicted);
    void paintCells(QPainter& painter, const Layout& layout);
    void paintColumnLabels(QPainter& painter, const Layout& layout);

    std::vector<std::int64_t> m_confusion;
    QStringList m_names;
    bool m_normalized = false;
    int m_labelWidth = 80;
    int m_nameHeight = 0; // the room above the grid for upright column names
    int m_widestName = 0;
};

} // namespace cnnwb::ui
