#include "ui/sweep/sweep_editor.h"

#include "ui/sweep/sweep_text.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace cnnwb::ui {
namespace {

enum Column { SettingColumn, KindColumn, ValuesColumn, PointsColumn };

// A value as typed becomes JSON: numbers and true/false as they are, anything else a name.
std::string jsonValue(const QString& typed)
{
    const std::string text = typed.trimmed().toStdString();
    const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_discarded() && (parsed.is_number() || parsed.is_boolean() || parsed.is_string()))
        return parsed.dump();
    return nlohmann::json(text).dump();
}

QStringList splitValues(const QString& text)
{
    QStringList values;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            values.push_back(part.trimmed());
    return values;
}

} // namespace

SweepEditor::SweepEditor(QWidget* parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 4))
    , m_add(new QPushButton(tr("Add Setting")))
    , m_remove(new QPushButton(tr("Remove")))
    , m_method(new QComboBox)
    , m_trials(new QSpinBox)
    , m_seed(new QSpinBox)
    , m_halving(new QCheckBox(tr("Stop weak trials early (successive halving)")))
    , m_rungs(new QLineEdit)
    , m_keep(new QSpinBox)
    , m_parallel(new QSpinBox)
{
    m_table->setObjectName(QStringLiteral("SweepParameters"));
    m_table->setHorizontalHeaderLabels({tr("Setting"), tr("Values as"), tr("Values"), tr("Points")});
    m_table->horizontalHeaderItem(ValuesColumn)->setToolTip(tr("A list (0.001, 0.01, 0.1), or for a range: from, to"));
    m_table->horizontalHeader()->setSectionResizeMode(SettingColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ValuesColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setMinimumHeight(110);
    m_table->setMaximumHeight(170);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(createOptions());
    connect(m_add, &QPushButton::clicked, this, [this] {
        QString key = QStringLiteral("training.learning_rate");
        for (const engine::SweepableSetting& s : m_settings) {
            const QString candidate = QString::fromStdString(s.key);
            bool used = false;
            for (int r = 0; r < m_table->rowCount(); ++r)
                used = used
                    || qobject_cast<QComboBox*>(m_table->cellWidget(r, SettingColumn))->currentData().toString()
                        == candidate;
            if (!used) {
                key = candidate;
                break;
            }
        }
        addParameter(key, 0, QString());
    });
    connect(m_remove, &QPushButton::clicked, this, &SweepEditor::removeSelected);
    updateEnabled();
}

QWidget* SweepEditor::createOptions()
{
    m_method->addItem(tr("Grid: every combination"), static_cast<int>(engine::SweepMethod::Grid));
    m_method->addItem(tr("Random search"), static_cast<int>(engine::SweepMethod::Random));
    m_trials->setRange(1, 10000);
    m_trials->setValue(8);
    m_seed->setRange(0, 1000000);
    m_rungs->setText(QStringLiteral("1"));
    m_rungs->setToolTip(tr("Epochs at which the trials still running are ranked, e.g. \"1, 3\""));
    m_keep->setRange(5, 95);
    m_keep->setValue(50);
    m_keep->setSuffix(QStringLiteral(" %"));
    m_parallel->setRange(1, 64);
    m_parallel->setToolTip(tr("CPU trials share the cores evenly; on CUDA one trial per GPU"));
    auto* options = new QWidget;
    auto* form = new QFormLayout(options);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Search:"), m_method);
    auto* random = new QHBoxLayout;
    random->addWidget(m_trials);
    random->addWidget(new QLabel(tr("seed")));
    random->addWidget(m_seed);
    form->addRow(tr("Random trials:"), random);
    form->addRow(m_halving);
    auto* halving = new QHBoxLayout;
    halving->addWidget(new QLabel(tr("at epochs")));
    halving->addWidget(m_rungs);
    halving->addWidget(new QLabel(tr("keep")));
    halving->addWidget(m_keep);
    form->addRow(QString(), halving);
    form->addRow(tr("Trials at once:"), m_parallel);
    m_method->setObjectName(QStringLiteral("SweepMethod"));
    m_trials->setObjectName(QStringLiteral("SweepTrials"));
    m_halving->setObjectName(QStringLiteral("SweepHalving"));
    m_parallel->setObjectName(QStringLiteral("SweepParallel"));
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        Q_EMIT changed();
    });
    connect(m_halving, &QCheckBox::toggled, this, [this] {
        updateEnabled();
        Q_EMIT changed();
    });
    for (QSpinBox* spin : {m_trials, m_seed, m_keep, m_parallel})
        connect(spin, &QSpinBox::valueChanged, this, &SweepEditor::changed);
    connect(m_rungs, &QLineEdit::textChanged, this, &SweepEditor::changed);
    return options;
}

void SweepEditor::setSettings(const std::vector<engine::SweepableSetting>& settings)
{
    m_settings = settings;
    const engine::SweepSpec current = spec();
    setSpec(current); // the rows' boxes list the new settings
}

void SweepEditor::addParameter(const QString& key, int kind, const QString& values, int points)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* setting = new QComboBox;
    for (const engine::SweepableSetting& s : m_settings)
        setting->addItem(SweepText::setting(s.key), QString::fromStdString(s.key));
    if (setting->findData(key) < 0)
        setting->addItem(SweepText::setting(key.toStdString()), key);
    setting->setCurrentIndex(setting->findData(key));
    auto* kindBox = new QComboBox;
    kindBox->addItems({tr("List"), tr("Range"), tr("Log range")});
    kindBox->setCurrentIndex(std::clamp(kind, 0, 2));
    auto* text = new QLineEdit(values);
    text->setPlaceholderText(tr("e.g. 0.001, 0.01, 0.1"));
    auto* count = new QSpinBox;
    count->setRange(1, 1000);
    count->setValue(points);
    m_table->setCellWidget(row, SettingColumn, setting);
    m_table->setCellWidget(row, KindColumn, kindBox);
    m_table->setCellWidget(row, ValuesColumn, text);
    m_table->setCellWidget(row, PointsColumn, count);
    // A setting's current value is the natural first value to type.
    connect(setting, &QComboBox::currentIndexChanged, this, [this, setting, text] {
        const std::string chosen = setting->currentData().toString().toStdString();
        const auto it
            = std::find_if(m_settings.begin(), m_settings.end(), [&](const auto& s) { return s.key == chosen; });
        if (text->text().isEmpty() && it != m_settings.end())
            text->setPlaceholderText(tr("now %1").arg(QString::fromStdString(engine::sweepValueText(it->value))));
        Q_EMIT changed();
    });
    connect(kindBox, &QComboBox::currentIndexChanged, this, &SweepEditor::changed);
    connect(text, &QLineEdit::textChanged, this, &SweepEditor::changed);
    connect(count, &QSpinBox::valueChanged, this, &SweepEditor::changed);
    updateEnabled();
    Q_EMIT changed();
}

void SweepEditor::removeSelected()
{
    const int row = m_table->currentRow();
    if (row < 0)
        return;
    m_table->removeRow(row);
    updateEnabled();
    Q_EMIT changed();
}

void SweepEditor::updateEnabled()
{
    const bool random = m_method->currentData().toInt() == static_cast<int>(engine::SweepMethod::Random);
    m_trials->setEnabled(random);
    m_seed->setEnabled(random);
    m_rungs->setEnabled(m_halving->isChecked());
    m_keep->setEnabled(m_halving->isChecked());
    m_remove->setEnabled(m_table->rowCount() > 0);
}

void SweepEditor::setSpec(const engine::SweepSpec& spec)
{
    const QSignalBlocker block(this);
    m_table->setRowCount(0);
    for (const engine::SweepParameter& p : spec.parameters) {
        QStringList values;
        for (const std::string& v : p.values)
            values.push_back(QString::fromStdString(engine::sweepValueText(v)));
        const QString text
            = p.isRange() ? QStringLiteral("%1, %2").arg(p.min).arg(p.max) : values.join(QStringLiteral(", "));
        addParameter(QString::fromStdString(p.key), p.isRange() ? (p.scale == engine::SweepScale::Log ? 2 : 1) : 0,
            text, p.count);
    }
    m_method->setCurrentIndex(spec.method == engine::SweepMethod::Random ? 1 : 0);
    m_trials->setValue(spec.trials);
    m_seed->setValue(static_cast<int>(spec.seed));
    m_halving->setChecked(spec.halving.enabled);
    QStringList rungs;
    for (const int r : spec.halving.rungs)
        rungs.push_back(QString::number(r));
    m_rungs->setText(rungs.join(QStringLiteral(", ")));
    m_keep->setValue(static_cast<int>(spec.halving.keep * 100.0 + 0.5));
    m_parallel->setValue(std::max(1, spec.parallel));
    m_view = QString::fromStdString(spec.view);
    updateEnabled();
}

engine::SweepSpec SweepEditor::spec(QString* error) const
{
    engine::SweepSpec spec;
    spec.method = m_method->currentIndex() == 1 ? engine::SweepMethod::Random : engine::SweepMethod::Grid;
    spec.trials = m_trials->value();
    spec.seed = static_cast<std::uint64_t>(m_seed->value());
    spec.parallel = m_parallel->value();
    spec.view = m_view.toStdString();
    spec.halving.enabled = m_halving->isChecked();
    spec.halving.keep = m_keep->value() / 100.0;
    spec.halving.rungs.clear();
    for (const QString& r : splitValues(m_rungs->text()))
        if (r.toInt() > 0)
            spec.halving.rungs.push_back(r.toInt());
    if (spec.halving.rungs.empty())
        spec.halving.rungs = {1};
    for (int row = 0; row < m_table->rowCount(); ++row) {
        engine::SweepParameter p;
        p.key
            = qobject_cast<QComboBox*>(m_table->cellWidget(row, SettingColumn))->currentData().toString().toStdString();
        const int kind = qobject_cast<QComboBox*>(m_table->cellWidget(row, KindColumn))->currentIndex();
        const QStringList values
            = splitValues(qobject_cast<QLineEdit*>(m_table->cellWidget(row, ValuesColumn))->text());
        p.count = qobject_cast<QSpinBox*>(m_table->cellWidget(row, PointsColumn))->value();
        if (kind == 0) {
            for (const QString& v : values)
                p.values.push_back(jsonValue(v));
        } else {
            bool lowOk = false;
            bool highOk = false;
            p.min = values.value(0).toDouble(&lowOk);
            p.max = values.value(1).toDouble(&highOk);
            p.scale = kind == 2 ? engine::SweepScale::Log : engine::SweepScale::Linear;
            if ((!lowOk || !highOk || values.size() != 2) && error != nullptr && error->isEmpty())
                *error = tr("Row %1: a range needs two numbers, from and to (e.g. 0.0001, 0.1)").arg(row + 1);
        }
        if (p.values.empty() && kind == 0) {
            if (error != nullptr && error->isEmpty())
                *error = tr("Row %1: give the values to try, separated by commas").arg(row + 1);
            continue;
        }
        spec.parameters.push_back(std::move(p));
    }
    return spec;
}

} // namespace cnnwb::ui
