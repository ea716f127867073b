#include "ui/experiment_overview.h"

#include "cnnwb/engine/model_summary.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
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
    , m_datasetBox(new QGroupBox(tr("Dataset")))
    , m_datasetForm(new QFormLayout)
    , m_datasetProblem(new QLabel)
    , m_modelBox(new QGroupBox(tr("Model: SimpleCNN (the seed network)")))
    , m_modelTable(new QTableWidget(0, 4))
    , m_modelTotals(new QLabel)
    , m_trainingForm(new QFormLayout)
{
    m_datasetProblem->setWordWrap(true);
    m_datasetProblem->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* datasetLayout = new QVBoxLayout(m_datasetBox);
    datasetLayout->addLayout(m_datasetForm);
    datasetLayout->addWidget(m_datasetProblem);
    datasetLayout->addStretch();

    m_modelTable->setHorizontalHeaderLabels({tr("Layer"), tr("Settings"), tr("Output shape"), tr("Parameters")});
    m_modelTable->verticalHeader()->setVisible(false);
    m_modelTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_modelTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_modelTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_modelTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    auto* modelLayout = new QVBoxLayout(m_modelBox);
    modelLayout->addWidget(m_modelTable);
    modelLayout->addWidget(m_modelTotals);

    auto* trainingBox = new QGroupBox(tr("Training"));
    trainingBox->setLayout(m_trainingForm);

    auto* top = new QHBoxLayout;
    top->addWidget(m_datasetBox, 1);
    top->addWidget(trainingBox, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_modelBox, 1);
}

void ExperimentOverview::setDataset(const std::optional<engine::DatasetInfo>& info, const QString& problem)
{
    clearForm(m_datasetForm);
    m_datasetProblem->setText(problem);
    m_datasetProblem->setVisible(!problem.isEmpty());
    m_modelTable->setRowCount(0);
    m_modelTotals->clear();
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
    fillModelTable(*info);
}

void ExperimentOverview::fillModelTable(const engine::DatasetInfo& info)
{
    const QLocale locale;
    const auto layers = engine::summarizeSeedCnn(info.shape, static_cast<int>(info.classNames.size()));
    m_modelTable->setRowCount(static_cast<int>(layers.size()));
    std::int64_t total = 0;
    for (int row = 0; row < static_cast<int>(layers.size()); ++row) {
        const auto& layer = layers[static_cast<std::size_t>(row)];
        total += layer.parameterCount;
        auto* count = new QTableWidgetItem(locale.toString(static_cast<qlonglong>(layer.parameterCount)));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_modelTable->setItem(row, 0, new QTableWidgetItem(fromStd(layer.kind)));
        m_modelTable->setItem(row, 1, new QTableWidgetItem(fromStd(layer.parameters)));
        m_modelTable->setItem(row, 2, new QTableWidgetItem(fromStd(engine::shapeToString(layer.outputShape))));
        m_modelTable->setItem(row, 3, count);
    }
    m_modelTotals->setText(tr("Input %1 · %2 trainable parameters")
                               .arg(fromStd(info.shape.toString()), locale.toString(static_cast<qlonglong>(total))));
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
    text += m_modelBox->title() + QLatin1Char('\n');
    for (int row = 0; row < m_modelTable->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < m_modelTable->columnCount(); ++column)
            cells << m_modelTable->item(row, column)->text();
        text += QStringLiteral("  %1\n").arg(cells.join(QStringLiteral(" | ")));
    }
    text += QStringLiteral("  %1\n").arg(m_modelTotals->text());
    return text;
}

} // namespace cnnwb::ui
