#include "ui/health/diagnosis_banner.h"

#include "ui/common/engine_text.h"

namespace cnnwb::ui {

DiagnosisBanner::DiagnosisBanner(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("diagnosisBanner"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    // A warning, not an error: the run goes on and the student decides.
    setStyleSheet(QStringLiteral(
        "QLabel#diagnosisBanner { background: #fff4e5; color: #663c00; border: 1px solid #f0b264; padding: 4px; }"));
    connect(this, &QLabel::linkActivated, this, [this] { Q_EMIT healthRequested(); });
    setVisible(false);
}

void DiagnosisBanner::reset()
{
    m_seen.clear();
    clear();
    setVisible(false);
}

void DiagnosisBanner::add(const DiagnosisList& diagnoses)
{
    const engine::Diagnosis* newest = nullptr;
    for (const engine::Diagnosis& d : diagnoses)
        if (m_seen.insert({d.epoch, static_cast<int>(d.kind), d.layer}).second)
            newest = &d;
    if (newest == nullptr)
        return;
    const QString more = count() > 1 ? tr(" (%n found in this run)", nullptr, count()) : QString();
    setText(tr("<b>%1</b>: %2. <i>Try:</i> %3.%4 <a href=\"health\">Show on the Health page</a>")
                .arg(EngineText::diagnosisTitle(newest->kind).toHtmlEscaped(),
                    EngineText::phrase(newest->message).toHtmlEscaped(),
                    EngineText::phrase(newest->suggestion).toHtmlEscaped(), more));
    setVisible(true);
}

} // namespace cnnwb::ui
