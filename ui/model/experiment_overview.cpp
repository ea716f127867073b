#include "ui/model/experiment_overview.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace cnnwb::ui {
namespace {

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

void clearForm(QFormLayout* form)
{
    while (form->rowCount() > 0)
        form->removeRow(0);
}

QLabel* valueLabel(const QString& text)
{
    auto* label = new QLabel(text);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

void appendFormText(const QFormLayout* form, QString& text)
{
    for (int row = 0; row < form->rowCount(); ++row) {
        auto* name = qobject_cast<QLabel*>(
            form->itemAt(row, QFormLayout::LabelRole) ? form->itemAt(row, QFormLayout::LabelRole)->widget() : nullptr);
        auto* value = qobject_cast<QLabel*>(
            form->itemAt(row, QFormLayout::FieldRole) ? form->itemAt(row, QFormLayout::FieldRole)->widget() : nullptr);
        if (name && value)
            text += QStringLiteral("  %1 %2\n").arg(name->text(), value->text());
    }
}

} // namespace

ExperimentOverview::ExperimentOverview(QWidget* parent)
    : QWidget(parent)
    , m_datasetForm(new QFormLayout)
    , m_datasetProblem(new QLabel)
{
    m_datasetProblem->setWordWrap(true);
    m_datasetProblem->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* datasetBox = new QGroupBox(tr("Dataset"));
    auto* datasetLayout = new QVBoxLayout(datasetBox);
    datasetLayout->addLayout(m_datasetForm);
    datasetLayout->addWidget(m_datasetProblem);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(datasetBox);
    layout->addStretch();
}

void ExperimentOverview::setDataset(const std::optional<engine::DatasetInfo>& info, const QString& problem)
{
    clearForm(m_datasetForm);
    m_datasetProblem->setText(problem);
    m_datasetProblem->setVisible(!problem.isEmpty());
    if (!info)
        return;
    const QLocale locale;
    QStringList classes;
    for (const auto& name : info->classNames)
        classes << fromStd(name);
    m_datasetForm->addRow(tr("Name:"), valueLabel(fromStd(info->name)));
    m_datasetForm->addRow(tr("Format:"), valueLabel(fromStd(std::string(engine::datasetFormatName(info->format)))));
    m_datasetForm->addRow(tr("Folder:"), valueLabel(QString::fromStdString(info->root.string())));
    m_datasetForm->addRow(tr("Images:"),
        valueLabel(tr("%1 channel(s), %2 × %3 pixels")
                       .arg(info->shape.channels)
                       .arg(info->shape.height)
                       .arg(info->shape.width)));
    m_datasetForm->addRow(
        tr("Training images:"), valueLabel(locale.toString(static_cast<qlonglong>(info->trainCount))));
    m_datasetForm->addRow(tr("Test images:"), valueLabel(locale.toString(static_cast<qlonglong>(info->testCount))));
    m_datasetForm->addRow(tr("Classes (%1):").arg(classes.size()), valueLabel(classes.join(QStringLiteral(", "))));
}

QString ExperimentOverview::summaryText() const
{
    QString text = tr("Dataset") + QLatin1Char('\n');
    appendFormText(m_datasetForm, text);
    if (!m_datasetProblem->text().isEmpty())
        text += QStringLiteral("  %1\n").arg(m_datasetProblem->text());
    return text;
}

} // namespace cnnwb::ui
