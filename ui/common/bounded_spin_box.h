#pragma once

#include <QSpinBox>

#include <optional>

namespace cnnwb::ui {

/// A QSpinBox that lets a number outside its range be typed and then says what it did with it.
/// A plain QSpinBox refuses the keystroke that leaves the range: "40" typed into a box whose
/// maximum is 31 silently becomes 4. Here 40 is taken to the nearest value in range, 31, and
/// `clamped(40, 31)` tells the form to say so.
class BoundedSpinBox : public QSpinBox {
    Q_OBJECT
public:
    explicit BoundedSpinBox(QWidget* parent = nullptr);

Q_SIGNALS:
    void clamped(qlonglong typed, int used);

protected:
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& text) const override;

private:
    void reportClamp();
    [[nodiscard]] std::optional<qlonglong> outOfRange(QString text) const;

    /// The out-of-range number being typed, until the edit is finished or the text is in range.
    std::optional<qlonglong> m_typed;
};

} // namespace cnnwb::ui
