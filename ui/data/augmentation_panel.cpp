#include "ui/data/augmentation_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cnnwb::ui {

AugmentationPanel::AugmentationPanel(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    auto& s = m_spec;

    QFormLayout* crop = addOp(QStringLiteral("crop"), tr("Random crop"),
        tr("Pad every side, then cut out a window of the original size at a random place."), &s.crop.enabled,
        &s.crop.probability);
    addInt(crop, QStringLiteral("crop.padding"), tr("Padding:"), &s.crop.padding, 0, 64);
    addCheck(crop, QStringLiteral("crop.reflect"), tr("Pad by reflection (else black)"), &s.crop.reflect);

    addOp(QStringLiteral("horizontalFlip"), tr("Horizontal flip"), tr("Mirror left and right."),
        &s.horizontalFlip.enabled, &s.horizontalFlip.probability);
    addOp(QStringLiteral("verticalFlip"), tr("Vertical flip"), tr("Mirror top and bottom (rarely right for photos)."),
        &s.verticalFlip.enabled, &s.verticalFlip.probability);

    QFormLayout* rotation = addOp(QStringLiteral("rotation"), tr("Rotation"),
        tr("Turn by a random angle about the centre."), &s.rotation.enabled, &s.rotation.probability);
    addDouble(
        rotation, QStringLiteral("rotation.degrees"), tr("Up to ±:"), &s.rotation.degrees, 0, 180, 0, 5, tr(" °"));

    QFormLayout* affine = addOp(QStringLiteral("affine"), tr("Scale and shift"),
        tr("Zoom in or out and move by whole pixels."), &s.affine.enabled, &s.affine.probability);
    addDouble(affine, QStringLiteral("affine.scaleMin"), tr("Scale from:"), &s.affine.scaleMin, 0.1, 10, 2, 0.05);
    addDouble(affine, QStringLiteral("affine.scaleMax"), tr("Scale to:"), &s.affine.scaleMax, 0.1, 10, 2, 0.05);
    addDouble(affine, QStringLiteral("affine.translate"), tr("Shift up to:"), &s.affine.translate, 0, 1, 2, 0.05,
        tr(" of the size"));

    QFormLayout* jitter = addOp(QStringLiteral("colorJitter"), tr("Color jitter"),
        tr("Random brightness, contrast, saturation and hue."), &s.colorJitter.enabled, &s.colorJitter.probability);
    addDouble(jitter, QStringLiteral("colorJitter.brightness"), tr("Brightness ±:"), &s.colorJitter.brightness, 0, 2, 2,
        0.05);
    addDouble(
        jitter, QStringLiteral("colorJitter.contrast"), tr("Contrast ±:"), &s.colorJitter.contrast, 0, 2, 2, 0.05);
    addDouble(jitter, QStringLiteral("colorJitter.saturation"), tr("Saturation ±:"), &s.colorJitter.saturation, 0, 2, 2,
        0.05);
    addDouble(jitter, QStringLiteral("colorJitter.hue"), tr("Hue ±:"), &s.colorJitter.hue, 0, 0.5, 2, 0.01);

    addOp(QStringLiteral("grayscale"), tr("Grayscale"), tr("Drop the colors (color images only)."),
        &s.grayscale.enabled, &s.grayscale.probability);

    QFormLayout* blur = addOp(QStringLiteral("blur"), tr("Gaussian blur"), tr("Soften with a random sigma."),
        &s.blur.enabled, &s.blur.probability);
    addInt(blur, QStringLiteral("blur.kernelSize"), tr("Kernel:"), &s.blur.kernelSize, 1, 31, 2);
    addDouble(blur, QStringLiteral("blur.sigmaMin"), tr("Sigma from:"), &s.blur.sigmaMin, 0.01, 10, 2, 0.1);
    addDouble(blur, QStringLiteral("blur.sigmaMax"), tr("Sigma to:"), &s.blur.sigmaMax, 0.01, 10, 2, 0.1);

    QFormLayout* cutout = addOp(QStringLiteral("cutout"), tr("Cutout (random erasing)"),
        tr("Blank out a random rectangle."), &s.cutout.enabled, &s.cutout.probability);
    addDouble(cutout, QStringLiteral("cutout.areaMin"), tr("Area from:"), &s.cutout.areaMin, 0.01, 0.99, 2, 0.01);
    addDouble(cutout, QStringLiteral("cutout.areaMax"), tr("Area to:"), &s.cutout.areaMax, 0.01, 0.99, 2, 0.01);

    addNormalization();
    m_layout->addStretch(1);
    refresh();
}

QFormLayout* AugmentationPanel::addOp(
    const QString& name, const QString& title, const QString& help, bool* enabled, double* probability)
{
    auto* box = new QGroupBox(title);
    box->setObjectName(name);
    box->setCheckable(true);
    box->setToolTip(help);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_layout->addWidget(box);
    connect(box, &QGroupBox::toggled, this, [this, enabled](bool on) {
        *enabled = on;
        changed();
    });
    m_refreshers.emplace_back([box, enabled] {
        const QSignalBlocker block(box);
        box->setChecked(*enabled);
    });
    addDouble(form, name + QStringLiteral(".probability"), tr("Probability:"), probability, 0, 1, 2, 0.05);
    return form;
}

QDoubleSpinBox* AugmentationPanel::addDouble(QFormLayout* form, const QString& name, const QString& label,
    double* field, double minimum, double maximum, int decimals, double step, const QString& suffix)
{
    auto* spin = new QDoubleSpinBox;
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setDecimals(decimals);
    spin->setSingleStep(step);
    spin->setSuffix(suffix);
    spin->setKeyboardTracking(false); // one change per finished number, not per keystroke
    form->addRow(label, spin);
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, field](double value) {
        *field = value;
        changed();
    });
    m_refreshers.emplace_back([spin, field] {
        const QSignalBlocker block(spin);
        spin->setValue(*field);
    });
    return spin;
}

void AugmentationPanel::addInt(
    QFormLayout* form, const QString& name, const QString& label, int* field, int minimum, int maximum, int step)
{
    auto* spin = new QSpinBox;
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setSingleStep(step);
    spin->setKeyboardTracking(false);
    form->addRow(label, spin);
    connect(spin, &QSpinBox::valueChanged, this, [this, field](int value) {
        *field = value;
        changed();
    });
    m_refreshers.emplace_back([spin, field] {
        const QSignalBlocker block(spin);
        spin->setValue(*field);
    });
}

void AugmentationPanel::addCheck(QFormLayout* form, const QString& name, const QString& label, bool* field)
{
    auto* check = new QCheckBox(label);
    check->setObjectName(name);
    form->addRow(check);
    connect(check, &QCheckBox::toggled, this, [this, field](bool on) {
        *field = on;
        changed();
    });
    m_refreshers.emplace_back([check, field] {
        const QSignalBlocker block(check);
        check->setChecked(*field);
    });
}

void AugmentationPanel::addNormalization()
{
    engine::Normalization& n = m_spec.normalize;
    auto* box = new QGroupBox(tr("Normalize (all images)"));
    box->setObjectName(QStringLiteral("normalize"));
    box->setCheckable(true);
    box->setToolTip(tr("Scale pixels to 0..1, then subtract the mean and divide by the standard deviation per "
                       "channel. Off: pixels / 255 only."));
    auto* layout = new QVBoxLayout(box);
    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("normalize.preset"));
    const QList<QPair<QString, QString>> presets = {{QStringLiteral("half"), tr("0.5 / 0.5 (the seed article's)")},
        {QStringLiteral("cifar10"), tr("CIFAR-10")}, {QStringLiteral("cifar100"), tr("CIFAR-100")},
        {QStringLiteral("mnist"), tr("MNIST")}, {QStringLiteral("fashion-mnist"), tr("Fashion-MNIST")},
        {QStringLiteral("imagenet"), tr("ImageNet")}, {QStringLiteral("custom"), tr("Custom")}};
    for (const auto& [id, text] : presets)
        m_preset->addItem(text, id);
    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(new QLabel(tr("Preset:")));
    presetRow->addWidget(m_preset, 1);
    auto* compute = new QPushButton(tr("From Data"));
    compute->setObjectName(QStringLiteral("normalize.compute"));
    compute->setToolTip(tr("Measure the mean and standard deviation of the training images"));
    presetRow->addWidget(compute);
    layout->addLayout(presetRow);

    auto* grid = new QGridLayout;
    const QStringList channels = {tr("R"), tr("G"), tr("B")};
    grid->addWidget(new QLabel(tr("Mean:")), 1, 0);
    grid->addWidget(new QLabel(tr("Std:")), 2, 0);
    for (int c = 0; c < 3; ++c) {
        grid->addWidget(new QLabel(channels[c]), 0, c + 1, Qt::AlignHCenter);
        for (int row = 1; row <= 2; ++row) {
            auto* spin = new QDoubleSpinBox;
            const bool isMean = row == 1;
            spin->setObjectName(
                QStringLiteral("normalize.%1%2").arg(isMean ? QStringLiteral("mean") : QStringLiteral("std")).arg(c));
            spin->setRange(isMean ? -10.0 : 0.0001, 10.0);
            spin->setDecimals(4);
            spin->setSingleStep(0.01);
            spin->setKeyboardTracking(false);
            double* field = isMean ? &n.mean[static_cast<std::size_t>(c)] : &n.std[static_cast<std::size_t>(c)];
            grid->addWidget(spin, row, c + 1);
            connect(spin, &QDoubleSpinBox::valueChanged, this, [this, field](double value) {
                *field = value;
                m_spec.normalize.preset = "custom";
                changed();
            });
            m_refreshers.emplace_back([spin, field] {
                const QSignalBlocker block(spin);
                spin->setValue(*field);
            });
        }
    }
    layout->addLayout(grid);
    m_layout->addWidget(box);

    connect(box, &QGroupBox::toggled, this, [this](bool on) {
        m_spec.normalize.enabled = on;
        changed();
    });
    connect(m_preset, &QComboBox::activated, this, [this](int index) {
        const std::string id = m_preset->itemData(index).toString().toStdString();
        if (const auto preset = engine::normalizationPreset(id)) {
            const bool enabled = m_spec.normalize.enabled;
            m_spec.normalize = *preset;
            m_spec.normalize.enabled = enabled;
        } else {
            m_spec.normalize.preset = id;
        }
        changed();
    });
    connect(compute, &QPushButton::clicked, this, &AugmentationPanel::computeNormalizationRequested);
    m_refreshers.emplace_back([this, box] {
        const QSignalBlocker blockBox(box);
        box->setChecked(m_spec.normalize.enabled);
        const QSignalBlocker blockPreset(m_preset);
        m_preset->setCurrentIndex(std::max(0, m_preset->findData(QString::fromStdString(m_spec.normalize.preset))));
    });
}

void AugmentationPanel::setComputedNormalization(const engine::Normalization& normalization)
{
    const bool enabled = m_spec.normalize.enabled;
    m_spec.normalize = normalization;
    m_spec.normalize.enabled = enabled;
    m_spec.normalize.preset = "custom";
    changed();
}

void AugmentationPanel::setSpec(const engine::AugmentationSpec& spec)
{
    m_spec = spec;
    refresh();
}

QWidget* AugmentationPanel::editor(const QString& name) const
{
    return findChild<QWidget*>(name);
}

void AugmentationPanel::refresh()
{
    m_refreshing = true;
    for (const auto& refresher : m_refreshers)
        refresher();
    m_refreshing = false;
}

void AugmentationPanel::changed()
{
    if (m_refreshing)
        return;
    refresh(); // a preset or computed statistics change other editors
    Q_EMIT specChanged(m_spec);
}

} // namespace cnnwb::ui
