#include "ui/model/layer_stack_editor.h"

#include "ui/common/engine_text.h"

#include "ui/model/layer_table_model.h"
#include "ui/model/model_document.h"

#include "cnnwb/engine/model/presets.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace cnnwb::ui {
namespace {

QString compact(std::int64_t value) // 1234567 -> "1.23 M"
{
    const QLocale locale;
    if (value >= 1'000'000'000)
        return QObject::tr("%1 G").arg(locale.toString(static_cast<double>(value) / 1e9, 'f', 2));
    if (value >= 1'000'000)
        return QObject::tr("%1 M").arg(locale.toString(static_cast<double>(value) / 1e6, 'f', 2));
    return locale.toString(static_cast<qlonglong>(value));
}

QToolButton* toolButton(QAction* action)
{
    auto* button = new QToolButton;
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

} // namespace

LayerStackEditor::LayerStackEditor(ModelDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new LayerTableModel(document, this))
    , m_view(new QTableView)
    , m_presets(new QComboBox)
    , m_totals(new QLabel)
    , m_problems(new QLabel)
    , m_notice(new QLabel)
    , m_remove(new QAction(tr("Remove"), this))
    , m_duplicate(new QAction(tr("Duplicate"), this))
    , m_moveUp(new QAction(tr("Move Up"), this))
    , m_moveDown(new QAction(tr("Move Down"), this))
    , m_freezeBefore(new QAction(tr("Freeze Above"), this))
    , m_trainAll(new QAction(tr("Train All"), this))
{
    m_presets->addItem(tr("Start from a preset…"));
    for (const engine::Preset& preset : engine::builtInPresets())
        m_presets->addItem(QString::fromStdString(preset.spec.name), QString::fromStdString(preset.id));
    connect(m_presets, &QComboBox::activated, this, &LayerStackEditor::applyPreset);

    auto* addMenu = new QMenu(this);
    for (const engine::LayerKind kind : engine::allLayerKinds()) {
        QAction* action = addMenu->addAction(EngineText::layerKind(kind));
        connect(action, &QAction::triggered, this,
            [this, kind] { m_document->insertLayer(currentRow() + 1, engine::LayerSpec::defaults(kind)); });
        m_addActions << action;
    }
    auto* addButton = new QToolButton;
    addButton->setText(tr("Add Layer"));
    addButton->setMenu(addMenu);
    addButton->setPopupMode(QToolButton::InstantPopup);

    m_remove->setShortcut(QKeySequence::Delete);
    m_duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_moveUp->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    m_moveDown->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    for (QAction* action : {m_remove, m_duplicate, m_moveUp, m_moveDown}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    connect(m_remove, &QAction::triggered, this, [this] { m_document->removeLayer(currentRow()); });
    connect(m_duplicate, &QAction::triggered, this, [this] { m_document->duplicateLayer(currentRow()); });
    connect(m_moveUp, &QAction::triggered, this, [this] { m_document->moveLayer(currentRow(), currentRow() - 1); });
    connect(m_moveDown, &QAction::triggered, this, [this] { m_document->moveLayer(currentRow(), currentRow() + 1); });
    m_freezeBefore->setToolTip(tr("Freeze every layer above the selected one: fine-tuning trains the selected layer "
                                  "and those below it, and keeps the rest as the weights brought them"));
    m_trainAll->setToolTip(tr("Make every layer trainable again"));
    connect(m_freezeBefore, &QAction::triggered, this, [this] { m_document->freezeBefore(currentRow()); });
    connect(m_trainAll, &QAction::triggered, this, [this] { m_document->freezeBefore(0); });

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(LayerTableModel::SettingsColumn, QHeaderView::Stretch);
    m_view->setAlternatingRowColors(false);
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            updateActions();
            Q_EMIT currentRowChanged(current.isValid() ? current.row() : -1);
        });

    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addButton);
    for (QAction* action : {m_remove, m_duplicate, m_moveUp, m_moveDown, m_freezeBefore, m_trainAll})
        buttons->addWidget(toolButton(action));
    buttons->addStretch();
    buttons->addWidget(new QLabel(tr("Preset:")));
    buttons->addWidget(m_presets);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    m_notice->setObjectName(QStringLiteral("modelNotice"));
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("QLabel { background: palette(tool-tip-base); color: palette(tool-tip-text);"
                                           " padding: 4px; border-radius: 3px; }"));
    m_notice->hide();
    layout->addWidget(m_notice);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_totals);
    layout->addWidget(m_problems);

    // A model reset drops the selection; keep the current row across it (edits that move the
    // focus say so through rowFocused afterwards).
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_rowBeforeReset = currentRow(); });
    connect(m_model, &QAbstractItemModel::modelReset, this,
        [this] { setCurrentRow(std::min(m_rowBeforeReset, m_model->rowCount() - 1)); });
    connect(m_document, &ModelDocument::changed, this, &LayerStackEditor::updateSummary);
    connect(m_document, &ModelDocument::changed, this, [this] {
        if (!m_presetJustApplied)
            showNotice({});
    });
    connect(m_document, &ModelDocument::rowFocused, this, &LayerStackEditor::setCurrentRow);
    updateSummary();
}

// A preset replaces every layer at once: it is one undo step, and the notice says so, rather than
// a dialog asking first (the choice is cheap to take back, and asking would slow every try).
void LayerStackEditor::applyPreset(int index)
{
    m_presets->setCurrentIndex(0);
    if (index <= 0)
        return;
    const engine::Preset& preset = engine::builtInPresets().at(static_cast<std::size_t>(index - 1));
    m_presetJustApplied = true;
    m_document->applyPreset(preset);
    m_presetJustApplied = false;
    showNotice(tr("The network was replaced by the preset \"%1\". Edit → Undo (%2) brings the previous one back.")
                   .arg(QString::fromStdString(preset.spec.name),
                       QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
}

void LayerStackEditor::setRunNotice(const QString& text)
{
    m_runNotice = text;
    showNotice({});
}

void LayerStackEditor::showNotice(const QString& preset)
{
    QStringList lines;
    if (!m_runNotice.isEmpty())
        lines << m_runNotice;
    if (!preset.isEmpty())
        lines << preset;
    m_notice->setText(lines.join(QLatin1Char('\n')));
    m_notice->setVisible(!lines.isEmpty());
}

QAction* LayerStackEditor::addLayerAction(int kind) const
{
    return m_addActions.value(kind);
}

int LayerStackEditor::currentRow() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void LayerStackEditor::setCurrentRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->clearSelection();
        updateActions();
        Q_EMIT currentRowChanged(-1);
        return;
    }
    const QModelIndex index = m_model->index(row, LayerTableModel::KindColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    updateActions();
    Q_EMIT currentRowChanged(row);
}

void LayerStackEditor::setBatchSize(int batchSize)
{
    m_batchSize = batchSize;
    updateSummary();
}

void LayerStackEditor::updateSummary()
{
    const engine::ModelAnalysis& analysis = m_document->analysis();
    const double mib = static_cast<double>(analysis.trainingMemoryBytes(m_batchSize)) / (1024.0 * 1024.0);
    m_totals->setText(tr("Input %1 · %2 parameters · %3 MACs per image · training memory at batch %4: about %5 MiB")
                          .arg(QString::fromStdString(m_document->spec().input.toString()))
                          .arg(QLocale().toString(static_cast<qlonglong>(analysis.parameters)))
                          .arg(compact(analysis.macs))
                          .arg(m_batchSize)
                          .arg(QLocale().toString(mib, 'f', 1)));
    QStringList problems;
    for (const engine::SpecProblem& problem : analysis.problems)
        problems << EngineText::problem(problem, m_document->spec());
    m_problems->setText(problems.isEmpty() ? QString()
                                           : tr("%n problem(s):", nullptr, static_cast<int>(problems.size()))
                + QStringLiteral("\n• ") + problems.join(QStringLiteral("\n• ")));
    m_problems->setVisible(!problems.isEmpty());
    updateActions();
}

void LayerStackEditor::updateActions()
{
    const int row = currentRow();
    const int count = m_document->layerCount();
    m_remove->setEnabled(row >= 0);
    m_duplicate->setEnabled(row >= 0);
    m_moveUp->setEnabled(row > 0);
    m_moveDown->setEnabled(row >= 0 && row < count - 1);
    m_freezeBefore->setEnabled(row > 0);
    const auto& layers = m_document->spec().layers;
    m_trainAll->setEnabled(
        std::any_of(layers.begin(), layers.end(), [](const engine::LayerSpec& l) { return !l.trainable; }));
}

} // namespace cnnwb::ui
