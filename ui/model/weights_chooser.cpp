#include "ui/model/weights_chooser.h"

#include "ui/app/experiment_document.h"
#include "ui/common/file_dialogs.h"
#include "ui/model/model_document.h"

#include "cnnwb/engine/augment/normalization.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/pretrained_weights.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>

#include <algorithm>

namespace cnnwb::ui {
namespace {

const QString kRandom = QStringLiteral("random");
const QString kFile = QStringLiteral("file");
const QString kCheckpoint = QStringLiteral("checkpoint");

QString pathText(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

} // namespace

WeightsChooser::WeightsChooser(ExperimentDocument* document, const FileDialogs* dialogs, QWidget* parent)
    : QGroupBox(tr("Start from weights"), parent)
    , m_document(document)
    , m_dialogs(dialogs)
    , m_chooser(new QComboBox)
    , m_rate(new QDoubleSpinBox)
    , m_summary(new QLabel)
{
    setObjectName(QStringLiteral("weightsChooser"));
    m_chooser->setObjectName(QStringLiteral("weightsChoice"));
    m_rate->setObjectName(QStringLiteral("pretrainedRate"));
    m_rate->setRange(0.0001, 10.0);
    m_rate->setDecimals(4);
    m_rate->setSingleStep(0.1);
    m_rate->setPrefix(QStringLiteral("× "));
    m_rate->setToolTip(tr("The learning rate of the layers the weights came into, as a share of the run's: below 1 "
                          "changes them more gently than the new head"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout(this);
    form->addRow(m_chooser);
    form->addRow(tr("Pretrained layers' rate:"), m_rate);
    form->addRow(m_summary);

    refresh();
    connect(m_chooser, &QComboBox::activated, this, &WeightsChooser::choose);
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        engine::TrainConfig config = m_document->config();
        if (config.pretrainedLearningRateScale == value)
            return;
        config.pretrainedLearningRateScale = value;
        m_document->setConfig(config);
    });
    connect(m_document, &ExperimentDocument::configChanged, this, &WeightsChooser::showState);
    connect(m_document, &ExperimentDocument::modelChanged, this, &WeightsChooser::showState);
    connect(m_document, &ExperimentDocument::dataFolderChanged, this, &WeightsChooser::showState);
}

void WeightsChooser::refresh()
{
    const QSignalBlocker blocker(m_chooser);
    m_chooser->clear();
    m_chooser->addItem(tr("Random initialisation"), kRandom);
    for (const engine::PretrainedWeights& weights : engine::findPretrainedWeights())
        m_chooser->addItem(tr("%1 (%2)").arg(QString::fromStdString(weights.title),
                               QString::fromStdString(weights.file.filename().string())),
            pathText(weights.file));
    m_chooser->addItem(tr("Weights File (.pth)…"), kFile);
    m_chooser->addItem(tr("An Earlier Run's Checkpoint…"), kCheckpoint);
    m_chooser->setToolTip(
        tr("torchvision's weights are listed from %1").arg(pathText(engine::torchHubCheckpointFolder())));
    showState();
}

void WeightsChooser::choose(int index)
{
    const QString choice = m_chooser->itemData(index).toString();
    if (choice == kRandom) {
        engine::TrainConfig config = m_document->config();
        config.initialWeights.clear();
        m_document->setConfig(config);
        return;
    }
    QString file = choice;
    if (choice == kFile || choice == kCheckpoint) {
        file = choice == kFile
            ? m_dialogs->openPath(tr("Start from Weights"), pathText(engine::torchHubCheckpointFolder()),
                tr("PyTorch state dicts (*.pth *.pt);;All files (*)"))
            : m_dialogs->openPath(tr("Start from an Earlier Run"), QString(), tr("Checkpoints (*.ckpt)"));
        if (file.isEmpty()) {
            showState(); // back to what was chosen before
            return;
        }
    }
    startFrom(file);
}

void WeightsChooser::startFrom(const QString& file)
{
    const std::filesystem::path path = file.toStdString();
    // torchvision's weights bring their architecture, normalization and input size with them.
    const auto known = engine::recognizePretrainedWeights(path);
    if (known) {
        const auto& presets = engine::builtInPresets();
        const auto preset = std::find_if(
            presets.begin(), presets.end(), [&](const engine::Preset& p) { return p.id == known->preset; });
        if (preset != presets.end() && m_document->model()->spec().name != preset->spec.name)
            m_document->model()->applyPreset(*preset);
        if (m_document->dataOptions().inputSize.empty()) {
            engine::DataOptions options = m_document->dataOptions();
            options.inputSize = {224, 224};
            m_document->setDataOptions(options);
        }
    }
    engine::TrainConfig config = m_document->config();
    config.initialWeights = path;
    if (known)
        config.augmentation.normalize = *engine::normalizationPreset("imagenet");
    m_document->setConfig(config);
}

void WeightsChooser::showState()
{
    const engine::TrainConfig& config = m_document->config();
    {
        const QSignalBlocker blocker(m_rate);
        m_rate->setValue(config.pretrainedLearningRateScale);
    }
    m_rate->setEnabled(!config.initialWeights.empty());
    const QString file = pathText(config.initialWeights);
    int index = m_chooser->findData(file.isEmpty() ? kRandom : file);
    if (index < 0 && !file.isEmpty()) { // a file chosen elsewhere: listed under its name
        const QSignalBlocker blocker(m_chooser);
        m_chooser->insertItem(m_chooser->count() - 2, QFileInfo(file).fileName(), file);
        index = m_chooser->findData(file);
    }
    {
        const QSignalBlocker blocker(m_chooser);
        m_chooser->setCurrentIndex(index);
    }
    const engine::ModelSpec& spec = m_document->model()->spec();
    const int frozen = engine::frozenPrefix(spec);
    const auto& layers = spec.layers;
    const auto frozenCount = std::count_if(layers.begin(), layers.end(), [](const auto& l) { return !l.trainable; });
    QStringList parts;
    if (file.isEmpty()) {
        parts << tr("The next run starts from random weights.");
    } else {
        const auto known = engine::recognizePretrainedWeights(config.initialWeights);
        parts << tr("The next run starts from %1%2.")
                     .arg(QFileInfo(file).fileName(),
                         known ? tr(" (%1)").arg(QString::fromStdString(known->title)) : QString());
        if (!QFileInfo::exists(file))
            parts << tr("The file is not there any more.");
        const engine::Normalization& n = config.augmentation.normalize;
        parts << tr("Normalization: %1; input %2 × %3.")
                     .arg(n.enabled ? QString::fromStdString(n.preset) : tr("off"))
                     .arg(spec.input.width)
                     .arg(spec.input.height);
    }
    if (frozenCount > 0)
        parts << (frozen == frozenCount ? tr("Layers 0–%1 are frozen.").arg(frozen - 1)
                                        : tr("%n layer(s) are frozen.", nullptr, static_cast<int>(frozenCount)));
    m_summary->setText(parts.join(QLatin1Char(' ')));
}

} // namespace cnnwb::ui
