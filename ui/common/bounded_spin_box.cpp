#include "ui/common/bounded_spin_box.h"

#include <QLineEdit>

#include <algorithm>

namespace cnnwb::ui {

BoundedSpinBox::BoundedSpinBox(QWidget* parent)
    : QSpinBox(parent)
{
    setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
    // What the person typed, followed keystroke by keystroke: by the time the edit is finished
    // the box shows the corrected value.
    connect(lineEdit(), &QLineEdit::textEdited, this, [this](const QString& text) { m_typed = outOfRange(text); });
    connect(this, &QSpinBox::editingFinished, this, &BoundedSpinBox::reportClamp);
}

std::optional<qlonglong> BoundedSpinBox::outOfRange(QString text) const
{
    text.remove(0, prefix().size());
    text.chop(suffix().size());
    bool ok = false;
    const qlonglong value = locale().toLongLong(text.trimmed(), &ok);
    if (!ok || (value >= minimum() && value <= maximum()))
        return std::nullopt;
    return value;
}

QValidator::State BoundedSpinBox::validate(QString& text, int& pos) const
{
    const QValidator::State state = QSpinBox::validate(text, pos);
    // Intermediate, not Invalid: the keystroke stays, and finishing the edit takes the number to
    // the nearest bound.
    return state == QValidator::Invalid && outOfRange(text) ? QValidator::Intermediate : state;
}

void BoundedSpinBox::fixup(QString& text) const
{
    if (const std::optional<qlonglong> typed = outOfRange(text)) {
        text = prefix() + textFromValue(static_cast<int>(std::clamp<qlonglong>(*typed, minimum(), maximum())))
            + suffix();
        return;
    }
    QSpinBox::fixup(text);
}

void BoundedSpinBox::reportClamp()
{
    if (!m_typed)
        return;
    const qlonglong typed = *m_typed;
    m_typed.reset();
    Q_EMIT clamped(typed, value());
}

} // namespace cnnwb::ui
