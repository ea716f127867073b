#include "ui/experiment_overview.h"

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
    , m_trainingForm(new QFormLayout)
{
    m_datasetProblem->setWordWrap(true);
    m_datasetProblem->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* datasetBox = new QGroupBox(tr("Dataset"));
    auto* datasetLayout = new QVBoxLayout(datasetBox);
    datasetLayout->addLayout(m_datasetForm);
    datasetLayout->addWidget(m_datasetProblem);

    auto* trainingBox = new QGroupBox(tr("Training"));
    trainingBox->setLayout(m_trainingForm);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(datasetBox);
    layout->addWidget(trainingBox);
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

void ExperimentOverview::setTrainConfig(const engine::TrainConfig& config, const QString& deviceDescription)
{
    clearForm(m_trainingForm);
    m_trainingForm->addRow(tr("Optimizer:"), valueLabel(tr("Adam")));
    m_trainingForm->addRow(tr("Learning rate:"), valueLabel(QString::number(config.learningRate)));
    m_trainingForm->addRow(tr("Batch size:"), valueLabel(QString::number(config.batchSize)));
    m_trainingForm->addRow(tr("Epochs:"), valueLabel(QString::number(config.epochs)));
    m_trainingForm->addRow(tr("Loss:"), valueLabel(tr("cross-entropy")));
    m_trainingForm->addRow(tr("Input normalization:"), valueLabel(tr("mean 0.5, standard deviation 0.5")));
    m_trainingForm->addRow(tr("Shuffle:"), valueLabel(tr("every epoch, seed %1").arg(config.seed)));
    m_trainingForm->addRow(tr("Device:"), valueLabel(deviceDescription));
}

QString ExperimentOverview::summaryText() const
{
    QString text = tr("Dataset") + QLatin1Char('\n');
    appendFormText(m_datasetForm, text);
    if (!m_datasetProblem->text().isEmpty())
        text += QStringLiteral("  %1\n").arg(m_datasetProblem->text());
    text += tr("Training") + QLatin1Char('\n');
    appendFormText(m_trainingForm, text);
    return text;
}

} // namespace cnnwb::ui
