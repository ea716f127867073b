#include "ui/model/layer_inspector.h"

#include "ui/common/engine_text.h"

#include "ui/model/model_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cnnwb::ui {

LayerInspector::LayerInspector(ModelDocument* document, QWidget* parent)
    : QGroupBox(parent)
    , m_document(document)
    , m_form(new QFormLayout)
    , m_problem(new QLabel)
{
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_problem);
    connect(m_document, &ModelDocument::changed, this, [this] {
        if (m_row >= m_document->layerCount())
            m_row = -1;
        rebuild();
    });
    rebuild();
}

void LayerInspector::setRow(int row)
{
    m_row = row;
    rebuild();
}

QWidget* LayerInspector::editor(const QString& name) const
{
    return findChild<QWidget*>(name);
}

void LayerInspector::rebuild()
{
    const bool valid = m_row >= 0 && m_row < m_document->layerCount();
    const std::optional<engine::LayerKind> kind
        = valid ? std::optional(m_document->spec().layers[static_cast<std::size_t>(m_row)].kind) : std::nullopt;
    // Same layer kind as shown: only update the values, so the editor being typed in keeps its focus.
    if (kind == m_kind && valid && !m_refreshers.empty()) {
        refresh();
        return;
    }
    m_kind = kind;
    m_refreshers.clear();
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    if (!valid) {
        setTitle(tr("Layer settings"));
        m_form->addRow(new QLabel(tr("Select a layer to edit its settings.")));
        m_problem->hide();
        return;
    }
    using L = engine::LayerSpec;
    switch (*kind) {
    case engine::LayerKind::Conv2d:
        addInt(QStringLiteral("outChannels"), tr("Out channels:"), &L::outChannels, 1, 4096);
        addInt(QStringLiteral("kernel"), tr("Kernel size:"), &L::kernel, 1, 31);
        addInt(QStringLiteral("stride"), tr("Stride:"), &L::stride, 1, 16);
        addPaddingMode();
        addInt(QStringLiteral("padding"), tr("Padding:"), &L::padding, 0, 32);
        addInt(QStringLiteral("dilation"), tr("Dilation:"), &L::dilation, 1, 16);
        addInt(QStringLiteral("groups"), tr("Groups:"), &L::groups, 1, 4096);
        addBool(QStringLiteral("bias"), tr("Bias"), &L::bias);
        break;
    case engine::LayerKind::ResidualBlock:
        addInt(QStringLiteral("outChannels"), tr("Out channels:"), &L::outChannels, 1, 4096);
        addInt(QStringLiteral("stride"), tr("Stride:"), &L::stride, 1, 16);
        break;
    case engine::LayerKind::MaxPool2d:
    case engine::LayerKind::AvgPool2d:
        addInt(QStringLiteral("kernel"), tr("Kernel size:"), &L::kernel, 1, 31);
        addInt(QStringLiteral("stride"), tr("Stride:"), &L::stride, 0, 16, tr("same as kernel"));
        addInt(QStringLiteral("padding"), tr("Padding:"), &L::padding, 0, 15);
        break;
    case engine::LayerKind::AdaptiveAvgPool2d:
        addInt(QStringLiteral("outputSize"), tr("Output size:"), &L::outputSize, 1, 64);
        break;
    case engine::LayerKind::Dropout:
    case engine::LayerKind::Dropout2d:
        addDouble(QStringLiteral("probability"), tr("Drop probability:"), &L::probability, 0.0, 1.0, 0.05);
        break;
    case engine::LayerKind::LeakyReLU:
        addDouble(QStringLiteral("negativeSlope"), tr("Negative slope:"), &L::negativeSlope, 0.0, 1.0, 0.01);
        break;
    case engine::LayerKind::Linear:
        addInt(QStringLiteral("inFeatures"), tr("In features:"), &L::inFeatures, 0, 1 << 24, tr("automatic"));
        addInt(QStringLiteral("outChannels"), tr("Out features:"), &L::outChannels, 1, 1 << 20);
        addBool(QStringLiteral("bias"), tr("Bias"), &L::bias);
        break;
    default:
        m_form->addRow(new QLabel(tr("This layer has no settings.")));
        break;
    }
    refresh();
}

void LayerInspector::refresh()
{
    setTitle(tr("Layer %1: %2").arg(m_row).arg(EngineText::layerKind(*m_kind)));
    for (const auto& refresher : m_refreshers)
        refresher();
    const auto& problem = m_document->analysis().layers[static_cast<std::size_t>(m_row)].problem;
    m_problem->setText(problem ? QString::fromStdString(*problem) : QString());
    m_problem->setVisible(problem.has_value());
}

void LayerInspector::edit(const std::function<void(engine::LayerSpec&)>& change)
{
    if (m_row < 0 || m_row >= m_document->layerCount())
        return;
    engine::LayerSpec layer = m_document->spec().layers[static_cast<std::size_t>(m_row)];
    change(layer);
    m_document->setLayer(m_row, layer);
}

void LayerInspector::addInt(const QString& name, const QString& label, int engine::LayerSpec::*field, int minimum,
    int maximum, const QString& special)
{
    auto* spin = new QSpinBox;
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setSpecialValueText(special);
    spin->setKeyboardTracking(false); // one edit per finished number, not per keystroke
    m_form->addRow(label, spin);
    connect(
        spin, &QSpinBox::valueChanged, this, [this, field](int value) { edit([&](auto& l) { l.*field = value; }); });
    m_refreshers.emplace_back([this, spin, field] {
        const QSignalBlocker blocker(spin);
        spin->setValue(m_document->spec().layers[static_cast<std::size_t>(m_row)].*field);
    });
}

void LayerInspector::addDouble(const QString& name, const QString& label, double engine::LayerSpec::*field,
    double minimum, double maximum, double step)
{
    auto* spin = new QDoubleSpinBox;
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setSingleStep(step);
    spin->setDecimals(3);
    spin->setKeyboardTracking(false);
    m_form->addRow(label, spin);
    connect(spin, &QDoubleSpinBox::valueChanged, this,
        [this, field](double value) { edit([&](auto& l) { l.*field = value; }); });
    m_refreshers.emplace_back([this, spin, field] {
        const QSignalBlocker blocker(spin);
        spin->setValue(m_document->spec().layers[static_cast<std::size_t>(m_row)].*field);
    });
}

void LayerInspector::addBool(const QString& name, const QString& label, bool engine::LayerSpec::*field)
{
    auto* box = new QCheckBox(label);
    box->setObjectName(name);
    m_form->addRow(QString(), box);
    connect(box, &QCheckBox::toggled, this, [this, field](bool value) { edit([&](auto& l) { l.*field = value; }); });
    m_refreshers.emplace_back([this, box, field] {
        const QSignalBlocker blocker(box);
        box->setChecked(m_document->spec().layers[static_cast<std::size_t>(m_row)].*field);
    });
}

void LayerInspector::addPaddingMode()
{
    auto* combo = new QComboBox;
    combo->setObjectName(QStringLiteral("paddingMode"));
    combo->addItem(tr("explicit"));
    combo->addItem(tr("same (keeps the size; stride 1)"));
    m_form->addRow(tr("Padding mode:"), combo);
    connect(combo, &QComboBox::currentIndexChanged, this,
        [this](int index) { edit([&](auto& l) { l.samePadding = index == 1; }); });
    m_refreshers.emplace_back([this, combo] {
        const QSignalBlocker blocker(combo);
        const bool same = m_document->spec().layers[static_cast<std::size_t>(m_row)].samePadding;
        combo->setCurrentIndex(same ? 1 : 0);
        if (auto* padding = findChild<QSpinBox*>(QStringLiteral("padding")))
            padding->setEnabled(!same);
    });
}

} // namespace cnnwb::ui
