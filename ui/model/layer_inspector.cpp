#include "ui/model/layer_inspector.h"

#include "ui/common/bounded_spin_box.h"
#include "ui/common/engine_text.h"

#include "ui/model/model_document.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <span>
#include <string>
#include <variant>

namespace cnnwb::ui {
namespace {

// The labels and texts of the kinds' settings (engine::layerFields), for lupdate.
// clang-format off: one text a line
[[maybe_unused]] constexpr const char* kFieldTexts[] = {
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Out channels:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Kernel size:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Stride:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "same as kernel"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Padding:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Dilation:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Groups:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Bias"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Output size:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Drop probability:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Negative slope:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "In features:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "automatic"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Out features:"),
    QT_TRANSLATE_NOOP("cnnwb::ui::LayerInspector", "Expansion ratio:"),
};
// clang-format on

} // namespace

LayerInspector::LayerInspector(ModelDocument* document, QWidget* parent)
    : QGroupBox(parent)
    , m_document(document)
    , m_form(new QFormLayout)
    , m_problem(new QLabel)
    , m_note(new QLabel)
{
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_problem);
    m_note->setObjectName(QStringLiteral("note"));
    m_note->setWordWrap(true);
    m_note->hide();
    layout->addWidget(m_note);
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
    m_note->hide(); // about the edit before this one
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
    const std::span<const engine::LayerField> fields = engine::layerFields(*kind);
    if (fields.empty())
        m_form->addRow(new QLabel(tr("This layer has no settings.")));
    for (const engine::LayerField& field : fields)
        addField(field);
    refresh();
}

void LayerInspector::refresh()
{
    setTitle(tr("Layer %1: %2").arg(m_row).arg(EngineText::layerKind(*m_kind)));
    for (const auto& refresher : m_refreshers)
        refresher();
    const engine::SpecProblem* problem = m_document->analysis().firstProblemOf(m_row);
    m_problem->setText(problem ? EngineText::problem(*problem, m_document->spec()) : QString());
    m_problem->setVisible(problem != nullptr);
}

void LayerInspector::edit(const std::function<void(engine::LayerSpec&)>& change)
{
    if (m_row < 0 || m_row >= m_document->layerCount())
        return;
    engine::LayerSpec layer = m_document->spec().layers[static_cast<std::size_t>(m_row)];
    change(layer);
    m_document->setLayer(m_row, layer);
}

void LayerInspector::addField(const engine::LayerField& field)
{
    // The kind's labels are English in the engine; kFieldTexts lists them for lupdate.
    const auto translated
        = [](std::string_view text) { return text.empty() ? QString() : tr(std::string(text).c_str()); };
    const QString name = QString::fromLatin1(field.name.data(), static_cast<qsizetype>(field.name.size()));
    const QString label = translated(field.label);
    if (field.form == engine::LayerField::Form::IntegerOrSame)
        addPaddingMode();
    if (const auto* member = std::get_if<int engine::LayerSpec::*>(&field.member))
        addInt(name, label, *member, static_cast<int>(field.minimum), static_cast<int>(field.maximum),
            translated(field.special));
    else if (const auto* real = std::get_if<double engine::LayerSpec::*>(&field.member))
        addDouble(name, label, *real, field.minimum, field.maximum, field.step);
    else
        addBool(name, label, std::get<bool engine::LayerSpec::*>(field.member));
}

void LayerInspector::addInt(const QString& name, const QString& label, int engine::LayerSpec::*field, int minimum,
    int maximum, const QString& special)
{
    auto* spin = new BoundedSpinBox;
    spin->setObjectName(name);
    spin->setRange(minimum, maximum);
    spin->setSpecialValueText(special);
    connect(spin, &BoundedSpinBox::clamped, this, [this, label, minimum, maximum](qlonglong typed, int used) {
        QString setting = label;
        setting.remove(QLatin1Char(':'));
        const QLocale locale;
        m_note->setText(tr("%1 goes from %2 to %3: %4 was set to %5.")
                            .arg(setting, locale.toString(minimum), locale.toString(maximum), locale.toString(typed),
                                locale.toString(used)));
        m_note->show();
    });
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
