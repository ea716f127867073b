#include "ui/training/training_settings_panel.h"

#include "ui/app/experiment_document.h"

#include "cnnwb/engine/core/paths.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>

namespace cnnwb::ui {

TrainingSettingsPanel::TrainingSettingsPanel(
    ExperimentDocument* document, const QStringList& cudaDevices, QWidget* parent)
    : QGroupBox(tr("Training"), parent)
    , m_document(document)
    , m_form(new QFormLayout(this))
{
    using C = engine::TrainConfig;
    addInt(QStringLiteral("epochs"), tr("Epochs:"), &C::epochs, 1, 100000);
    addInt(QStringLiteral("batchSize"), tr("Batch size:"), &C::batchSize, 1, 65536);
    addChoice<engine::OptimizerKind>(QStringLiteral("optimizer"), tr("Optimizer:"), &C::optimizer,
        {{tr("SGD"), engine::OptimizerKind::Sgd}, {tr("Adam"), engine::OptimizerKind::Adam},
            {tr("AdamW"), engine::OptimizerKind::AdamW}});
    addDouble(QStringLiteral("learningRate"), tr("Learning rate:"), &C::learningRate, 1e-6, 10.0, 6, 1e-4);
    addDouble(QStringLiteral("momentum"), tr("Momentum (SGD):"), &C::momentum, 0.0, 0.999, 3, 0.01);
    addBool(QStringLiteral("nesterov"), tr("Nesterov momentum (SGD)"), &C::nesterov);
    addDouble(QStringLiteral("weightDecay"), tr("Weight decay:"), &C::weightDecay, 0.0, 1.0, 6, 1e-4);
    addChoice<engine::ScheduleKind>(QStringLiteral("schedule"), tr("Schedule:"), &C::schedule,
        {{tr("constant"), engine::ScheduleKind::Constant}, {tr("step"), engine::ScheduleKind::Step},
            {tr("cosine"), engine::ScheduleKind::Cosine}, {tr("one-cycle"), engine::ScheduleKind::OneCycle}});
    addInt(QStringLiteral("warmupEpochs"), tr("Warm-up epochs:"), &C::warmupEpochs, 0, 100000, tr("none"));
    addInt(QStringLiteral("stepEpochs"), tr("Step every (epochs):"), &C::stepEpochs, 1, 100000);
    addDouble(QStringLiteral("stepGamma"), tr("Step factor:"), &C::stepGamma, 0.001, 1.0, 3, 0.05);
    addDouble(QStringLiteral("labelSmoothing"), tr("Label smoothing:"), &C::labelSmoothing, 0.0, 0.99, 2, 0.05);
    addDouble(QStringLiteral("gradientClipNorm"), tr("Clip gradient norm:"), &C::gradientClipNorm, 0.0, 1e6, 2, 0.5);
    addInt(QStringLiteral("earlyStoppingPatience"), tr("Early stopping after:"), &C::earlyStoppingPatience, 0, 100000,
        tr("off"));
    addInt(QStringLiteral("seed"), tr("Seed:"), nullptr, 0, 2147483647);
    addDevice(cudaDevices);
    addChoice<engine::PrecisionKind>(QStringLiteral("precision"), tr("Precision (CUDA):"), &C::precision,
        {{tr("automatic (bf16)"), engine::PrecisionKind::Auto}, {tr("float32"), engine::PrecisionKind::Float32},
            {tr("bfloat16"), engine::PrecisionKind::BFloat16},
            {tr("float16 (loss scaling)"), engine::PrecisionKind::Float16}});
    addInt(QStringLiteral("healthEvery"), tr("Layer health every (steps):"), &C::healthEvery, 0, 1000000, tr("off"));
    editor(QStringLiteral("healthEvery"))
        ->setToolTip(tr("Sample each layer's update ratio, gradient, weights and dead units every this many steps, "
                        "for the Health page and its diagnoses"));
    addTensorBoard();
    refresh();
    connect(m_document, &ExperimentDocument::configChanged, this, &TrainingSettingsPanel::refresh);
}

void TrainingSettingsPanel::setConfig(const engine::TrainConfig& config)
{
    m_document->setConfig(config);
}

const engine::TrainConfig& TrainingSettingsPanel::config() const noexcept
{
    return m_document->config();
}

void TrainingSettingsPanel::refresh()
{
    for (const auto& refresher : m_refreshers)
        refresher();
}

QWidget* TrainingSettingsPanel::editor(const QString& name) const
{
    return findChild<QWidget*>(name);
}

QString TrainingSettingsPanel::summaryText() const
{
    const engine::TrainConfig& c = config();
    return tr("%1, learning rate %2 (%3), batch %4, %5 epoch(s), device %6")
        .arg(QString::fromLatin1(engine::optimizerName(c.optimizer).data()), QString::number(c.learningRate),
            QString::fromLatin1(engine::scheduleName(c.schedule).data()))
        .arg(c.batchSize)
        .arg(c.epochs)
        .arg(QString::fromStdString(c.device));
}

void TrainingSettingsPanel::edit(const std::function<void(engine::TrainConfig&)>& change)
{
    engine::TrainConfig config = m_document->config();
    change(config);
    m_document->setConfig(config);
}

void TrainingSettingsPanel::addInt(const QString& name, const QString& label, int engine::TrainConfig::*field,
    int minimum, int maximum, const QString& special)
{
    auto* spin = new QSpinBox;
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setSpecialValueText(special);
    spin->setKeyboardTracking(false);
    m_form->addRow(label, spin);
    // The seed is 64-bit in the engine; the editor offers the common 31-bit range.
    connect(spin, &QSpinBox::valueChanged, this, [this, field](int value) {
        edit([&](engine::TrainConfig& config) {
            if (field != nullptr)
                config.*field = value;
            else
                config.seed = static_cast<std::uint64_t>(value);
        });
    });
    m_refreshers.emplace_back([this, spin, field] {
        const QSignalBlocker blocker(spin);
        spin->setValue(field != nullptr ? config().*field : static_cast<int>(config().seed & 0x7fffffff));
    });
}

void TrainingSettingsPanel::addDouble(const QString& name, const QString& label, double engine::TrainConfig::*field,
    double minimum, double maximum, int decimals, double step)
{
    auto* spin = new QDoubleSpinBox;
    spin->setObjectName(name);
    spin->setDecimals(decimals);
    spin->setRange(minimum, maximum);
    spin->setSingleStep(step);
    spin->setKeyboardTracking(false);
    m_form->addRow(label, spin);
    connect(spin, &QDoubleSpinBox::valueChanged, this,
        [this, field](double value) { edit([&](engine::TrainConfig& config) { config.*field = value; }); });
    m_refreshers.emplace_back([this, spin, field] {
        const QSignalBlocker blocker(spin);
        spin->setValue(config().*field);
    });
}

void TrainingSettingsPanel::addBool(const QString& name, const QString& label, bool engine::TrainConfig::*field)
{
    auto* box = new QCheckBox(label);
    box->setObjectName(name);
    m_form->addRow(QString(), box);
    connect(box, &QCheckBox::toggled, this,
        [this, field](bool value) { edit([&](engine::TrainConfig& config) { config.*field = value; }); });
    m_refreshers.emplace_back([this, box, field] {
        const QSignalBlocker blocker(box);
        box->setChecked(config().*field);
    });
}

template <typename Kind>
void TrainingSettingsPanel::addChoice(const QString& name, const QString& label, Kind engine::TrainConfig::*field,
    const QList<QPair<QString, Kind>>& choices)
{
    auto* combo = new QComboBox;
    combo->setObjectName(name);
    for (const auto& [text, kind] : choices)
        combo->addItem(text, static_cast<int>(kind));
    m_form->addRow(label, combo);
    connect(combo, &QComboBox::currentIndexChanged, this, [this, combo, field](int index) {
        edit([&](engine::TrainConfig& config) { config.*field = static_cast<Kind>(combo->itemData(index).toInt()); });
    });
    m_refreshers.emplace_back([this, combo, field] {
        const QSignalBlocker blocker(combo);
        combo->setCurrentIndex(combo->findData(static_cast<int>(config().*field)));
    });
}

bool TrainingSettingsPanel::writesTensorBoard()
{
    return QSettings().value(QLatin1String(kTensorBoardKey)).toBool();
}

// A preference of this window rather than of the experiment: the files go into each run's folder.
void TrainingSettingsPanel::addTensorBoard()
{
    auto* box = new QCheckBox(tr("Write TensorBoard files"));
    box->setObjectName(QStringLiteral("tensorboard"));
    box->setToolTip(tr("Also write the run's scalars, histograms, first filters and settings as TensorBoard files "
                       "into its folder; see every run with: tensorboard --logdir %1")
                        .arg(QString::fromStdString((engine::userDataDir() / "runs").string())));
    box->setChecked(writesTensorBoard());
    connect(box, &QCheckBox::toggled, this, [](bool on) { QSettings().setValue(QLatin1String(kTensorBoardKey), on); });
    m_form->addRow(QString(), box);
}

void TrainingSettingsPanel::addDevice(const QStringList& cudaDevices)
{
    auto* combo = new QComboBox;
    combo->setObjectName(QStringLiteral("device"));
    combo->addItem(tr("automatic (GPU if usable)"), QStringLiteral("auto"));
    combo->addItem(tr("CPU"), QStringLiteral("cpu"));
    for (const QString& device : cudaDevices)
        combo->addItem(device, device.section(QLatin1Char(' '), 0, 0));
    m_form->addRow(tr("Device:"), combo);
    connect(combo, &QComboBox::currentIndexChanged, this, [this, combo](int index) {
        edit([&](engine::TrainConfig& config) { config.device = combo->itemData(index).toString().toStdString(); });
    });
    m_refreshers.emplace_back([this, combo] {
        const QSignalBlocker blocker(combo);
        const int index = combo->findData(QString::fromStdString(config().device));
        combo->setCurrentIndex(std::max(0, index));
    });
}

} // namespace cnnwb::ui
