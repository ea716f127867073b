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
    [[nodiscard]] QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellClicked(int trueLabel, int predicted);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    [[nodiscard]] double share(int trueLabel, int predicted) const;
    [[nodiscard]] QRect gridRect() const;
    [[nodiscard]] QString rowLabel(int row) const;

    std::vector<std::int64_t> m_confusion;
    QStringList m_names;
    bool m_normalized = false;
    int m_labelWidth = 80;
};

} // namespace cnnwb::ui
