#include "ui/sweep/importance_view.h"

#include "ui/sweep/sweep_text.h"

#include <QPainter>

#include <algorithm>

namespace cnnwb::ui {

ImportanceView::ImportanceView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("SettingImportance"));
    setMinimumHeight(90);
    setToolTip(tr("How strongly each setting goes with the trials' best test accuracy, over the trials that "
                  "finished an epoch. Rank correlation sees any rising or falling relation, not only a straight "
                  "line; with few trials read it as a hint, not a proof."));
}

QString ImportanceView::measureName()
{
    return tr("Importance: |Spearman ρ| for numbers, correlation ratio η for names");
}

void ImportanceView::setIndex(const engine::SweepIndex& index)
{
    m_importance = engine::settingImportance(index);
    m_measured = static_cast<int>(std::count_if(
        index.trials.begin(), index.trials.end(), [](const engine::TrialRecord& t) { return t.epochsDone > 0; }));
    updateGeometry();
    update();
}

void ImportanceView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());
    const int line = metrics.height() + 6;
    painter.setPen(palette().color(QPalette::Text));
    const QRect titleBox = metrics.boundingRect(QRect(4, 2, width() - 8, 4 * line), Qt::TextWordWrap, measureName());
    painter.drawText(titleBox, Qt::AlignLeft | Qt::TextWordWrap, measureName());
    const int top = titleBox.bottom() + 6;
    if (m_measured < 3) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(4, top, width() - 8, 2 * line), Qt::AlignLeft | Qt::TextWordWrap,
            tr("Needs three trials with results (now %1).").arg(m_measured));
        return;
    }
    // A setting's name on a line of its own, its bar under it: the column stays narrow beside the plot.
    const int barSpace
        = std::max(20, width() - 16 - metrics.horizontalAdvance(QStringLiteral("0.00") + tr(" (higher better)")));
    int y = top;
    for (const engine::SettingImportance& s : m_importance) {
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(4, y, width() - 8, line), Qt::AlignLeft | Qt::AlignVCenter,
            metrics.elidedText(SweepText::setting(s.key), Qt::ElideMiddle, width() - 8));
        y += line;
        const int bar = static_cast<int>(barSpace * s.importance);
        painter.fillRect(QRect(4, y + 3, std::max(1, bar), line - 6), QColor(0x21, 0x91, 0x8c));
        QString value = QString::number(s.importance, 'f', 2);
        if (s.rankCorrelation && s.importance > 0.0)
            value += s.signedCorrelation > 0 ? tr(" (higher better)") : tr(" (lower better)");
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(bar + 8, y, width(), line), Qt::AlignLeft | Qt::AlignVCenter, value);
        y += line + 2;
    }
}

} // namespace cnnwb::ui
