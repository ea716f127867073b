#include "ui/sweep/sweep_page.h"

#include "ui/app/experiment_document.h"
#include "ui/common/engine_text.h"
#include "ui/common/file_dialogs.h"
#include "ui/common/page_layout.h"
#include "ui/sweep/importance_view.h"
#include "ui/sweep/learning_curves_view.h"
#include "ui/sweep/parallel_coordinates_view.h"
#include "ui/sweep/sweep_bridge.h"
#include "ui/sweep/sweep_editor.h"
#include "ui/sweep/sweep_scatter_view.h"
#include "ui/sweep/sweep_text.h"
#include "ui/sweep/sweep_trial_model.h"
#include "ui/sweep/trial_filter_proxy.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/sweep/sweep_plan.h"
#include "cnnwb/engine/sweep/sweep_runner.h"

#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace cnnwb::ui {

SweepPage::SweepPage(ExperimentDocument* document, FileDialogs* dialogs, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_dialogs(dialogs)
    , m_bridge(new SweepBridge(this))
    , m_editor(new SweepEditor)
    , m_importance(new ImportanceView)
    , m_folder(new QLineEdit)
    , m_run(new QPushButton(tr("Run Sweep")))
    , m_stop(new QPushButton(tr("Stop")))
    , m_openTrial(new QPushButton(tr("Open as Experiment")))
    , m_status(new QLabel)
    , m_model(new SweepTrialModel(this))
    , m_proxy(new TrialFilterProxy(this))
    , m_table(new QTableView)
    , m_filter(new QLineEdit)
    , m_parallel(new ParallelCoordinatesView)
    , m_scatter(new SweepScatterView)
    , m_curves(new LearningCurvesView)
    , m_lower(new QTabWidget)
{
    setObjectName(QStringLiteral("SweepPage"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pageWithSidePanel(createViews(), createSidePanel(), 7, 3));
    connectViews();
    observeDocument();
    showIndex({});
}

SweepPage::~SweepPage()
{
    m_bridge->stopAndWait();
}

const engine::SweepIndex& SweepPage::index() const noexcept
{
    return m_model->sweepIndex();
}

QWidget* SweepPage::createSidePanel()
{
    auto* define = new QGroupBox(tr("Sweep"));
    auto* box = new QVBoxLayout(define);
    box->addWidget(m_editor);
    auto* folderRow = new QHBoxLayout;
    auto* browse = new QPushButton(tr("Browse…"));
    m_folder->setObjectName(QStringLiteral("SweepFolder"));
    m_folder->setToolTip(tr("The sweep's folder: a run folder per trial and index.json/.csv. Run again with the "
                            "same sweep and folder to continue it."));
    folderRow->addWidget(new QLabel(tr("Folder:")));
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    box->addLayout(folderRow);
    auto* buttons = new QHBoxLayout;
    m_run->setObjectName(QStringLiteral("RunSweep"));
    m_stop->setEnabled(false);
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    box->addLayout(buttons);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("SweepStatus"));
    box->addWidget(m_status);
    connect(browse, &QPushButton::clicked, this, &SweepPage::chooseFolder);
    connect(m_run, &QPushButton::clicked, this, [this] { (void)startSweep(); });
    connect(m_stop, &QPushButton::clicked, this, &SweepPage::stopSweep);
    return column({define});
}

QWidget* SweepPage::createViews()
{
    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->setObjectName(QStringLiteral("SweepTrials"));
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_filter->setPlaceholderText(tr("Filter trials (any column)…"));
    m_filter->setClearButtonEnabled(true);
    auto* tablePart = new QWidget;
    auto* tableBox = new QVBoxLayout(tablePart);
    tableBox->setContentsMargins(0, 0, 0, 0);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_openTrial);
    tableBox->addLayout(filterRow);
    tableBox->addWidget(m_table, 1);
    m_lower->addTab(tablePart, tr("Trials"));
    m_lower->addTab(m_curves, tr("Learning Curves"));
    m_lower->addTab(m_scatter, tr("Accuracy by Setting"));
    auto* importance = new QGroupBox(tr("Which settings mattered"));
    importance->setMinimumWidth(240);
    auto* importanceBox = new QVBoxLayout(importance);
    importanceBox->setContentsMargins(4, 4, 4, 4);
    importanceBox->addWidget(m_importance);
    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(m_parallel);
    top->addWidget(importance);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(top);
    split->addWidget(m_lower);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    return split;
}

void SweepPage::connectViews()
{
    connect(m_bridge, &SweepBridge::indexChanged, this, &SweepPage::showIndex);
    connect(m_bridge, &SweepBridge::finished, this, &SweepPage::showIndex);
    connect(m_bridge, &SweepBridge::failed, this,
        [this](const QString& message) { m_status->setText(tr("The sweep could not run: %1").arg(message)); });
    connect(m_bridge, &SweepBridge::runningChanged, this, [this](bool running) {
        m_run->setEnabled(!running);
        m_stop->setEnabled(running);
        m_editor->setEnabled(!running);
    });
    connect(
        m_parallel, &ParallelCoordinatesView::brushedTrialsChanged, this, [this](const QSet<int>& trials, bool all) {
            m_proxy->setBrushedTrials(trials, all);
            m_curves->setShownTrials(trials, all);
            saveViewSettings();
        });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text);
        saveViewSettings();
    });
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, &SweepPage::saveViewSettings);
    connect(m_scatter, &SweepScatterView::settingChanged, this, &SweepPage::saveViewSettings);
    connect(m_openTrial, &QPushButton::clicked, this, &SweepPage::openSelectedTrial);
    connect(m_table, &QTableView::doubleClicked, this, &SweepPage::openSelectedTrial);
}

void SweepPage::observeDocument()
{
    const auto offerSettings = [this] { m_editor->setSettings(engine::sweepableSettings(m_document->experiment())); };
    connect(m_document, &ExperimentDocument::modelChanged, this, offerSettings);
    connect(m_document, &ExperimentDocument::configChanged, this, offerSettings);
    connect(m_document, &ExperimentDocument::sweepReplaced, this, [this](const engine::SweepSpec& sweep) {
        m_editor->setSpec(sweep);
        applyViewSettings(sweep.view);
    });
    connect(m_editor, &SweepEditor::changed, this, [this] {
        engine::SweepSpec spec = m_editor->spec();
        spec.view = m_document->sweep().view;
        m_document->setSweep(spec);
    });
    offerSettings();
    m_editor->setSpec(m_document->sweep());
}

QString SweepPage::defaultFolder() const
{
    const QString name
        = m_document->path().isEmpty() ? QStringLiteral("sweep") : QFileInfo(m_document->path()).completeBaseName();
    return QString::fromStdString((engine::userDataDir() / "sweeps").string()) + QLatin1Char('/') + name;
}

bool SweepPage::startSweep()
{
    engine::Experiment experiment = m_document->experiment();
    QString error;
    experiment.sweep = m_editor->spec(&error);
    experiment.sweep.view = m_document->sweep().view;
    try {
        if (error.isEmpty() && experiment.sweep.empty())
            error = tr("Add a setting to vary, with the values to try.");
        if (error.isEmpty() && experiment.dataFolder.empty())
            error = tr("Choose a dataset on the Data page first.");
        if (error.isEmpty())
            (void)engine::planTrials(experiment); // a bad value is said before anything runs
    } catch (const engine::Error& e) {
        error = EngineText::error(e);
    }
    const QString trainer = SweepBridge::trainerExecutable();
    if (error.isEmpty() && trainer.isEmpty())
        error = tr("cnnwb, which trains the trials, is neither beside this program nor on the PATH.");
    if (!error.isEmpty()) {
        m_status->setText(error);
        return false;
    }
    if (m_folder->text().trimmed().isEmpty())
        m_folder->setText(defaultFolder());
    engine::SweepRunOptions options;
    options.folder = m_folder->text().trimmed().toStdString();
    options.trainer = trainer.toStdString();
    options.parallel = experiment.sweep.parallel;
    m_status->setText(tr("Starting %n trial(s)…", nullptr, static_cast<int>(engine::planTrials(experiment).size())));
    m_bridge->start(experiment, options);
    return true;
}

void SweepPage::showView(const QString& name)
{
    const QStringList views = {QStringLiteral("trials"), QStringLiteral("curves"), QStringLiteral("scatter")};
    if (views.contains(name))
        m_lower->setCurrentIndex(static_cast<int>(views.indexOf(name)));
}

void SweepPage::stopSweep()
{
    m_bridge->stop();
    m_status->setText(tr("Stopping: the trials keep their checkpoints; Run continues the sweep."));
}

bool SweepPage::openSweep(const QString& folder)
{
    try {
        showIndex(engine::readSweep(folder.toStdString()));
        m_folder->setText(folder);
        return true;
    } catch (const engine::Error& e) {
        m_status->setText(EngineText::error(e));
        return false;
    }
}

void SweepPage::chooseFolder()
{
    const QString folder
        = m_dialogs->folder(tr("Sweep Folder"), m_folder->text().isEmpty() ? defaultFolder() : m_folder->text());
    if (folder.isEmpty())
        return;
    m_folder->setText(folder);
    if (QFileInfo::exists(QDir(folder).filePath(QStringLiteral("index.json"))) && !m_bridge->isRunning())
        (void)openSweep(folder);
}

void SweepPage::openSelectedTrial()
{
    const engine::SweepIndex& index = m_model->sweepIndex();
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    const int row = selected.isEmpty() ? index.bestTrial() : m_proxy->mapToSource(selected.front()).row();
    if (row < 0 || row >= static_cast<int>(index.trials.size()))
        return;
    const engine::TrialRecord& trial = index.trials[static_cast<std::size_t>(row)];
    try {
        const engine::Experiment experiment = engine::loadExperiment(index.folder / trial.name / "sweep-trial.json");
        Q_EMIT openTrialRequested(experiment, QString::fromStdString(trial.name));
    } catch (const engine::Error& e) {
        m_status->setText(EngineText::error(e));
    }
}

void SweepPage::showIndex(const engine::SweepIndex& index)
{
    m_model->setIndex(index);
    m_parallel->setIndex(index);
    m_scatter->setIndex(index);
    m_curves->setIndex(index);
    m_curves->setShownTrials(m_parallel->passingTrials(), !m_parallel->anyBrush());
    m_proxy->setBrushedTrials(m_parallel->passingTrials(), !m_parallel->anyBrush());
    m_importance->setIndex(index);
    m_openTrial->setEnabled(index.bestTrial() >= 0);
    showStatus(index);
}

void SweepPage::showStatus(const engine::SweepIndex& index)
{
    if (index.trials.empty()) {
        m_status->setText(tr("Add the settings to vary and their values, then Run Sweep. Each trial is an ordinary run "
                             "in the sweep's folder."));
        return;
    }
    int settled = 0;
    for (const engine::TrialRecord& t : index.trials)
        settled += engine::isSettled(t.status) ? 1 : 0;
    QString text = tr("%1 of %2 trials done (%3 running, %4 halved, %5 failed).")
                       .arg(settled)
                       .arg(index.trials.size())
                       .arg(index.count(engine::TrialStatus::Running))
                       .arg(index.count(engine::TrialStatus::Halved))
                       .arg(index.count(engine::TrialStatus::Failed));
    if (const int best = index.bestTrial(); best >= 0)
        text += QLatin1Char(' ')
            + tr("Best so far: trial %1, %2 % test accuracy.")
                  .arg(best + 1)
                  .arg(100.0 * index.trials[static_cast<std::size_t>(best)].bestTestAccuracy, 0, 'f', 2);
    m_status->setText(text);
}

// ---- view settings, kept with the sweep in the experiment file ------------------------------------

void SweepPage::saveViewSettings()
{
    if (m_applyingView)
        return;
    QJsonObject view;
    view.insert(QStringLiteral("brushes"), m_parallel->viewSettings());
    view.insert(QStringLiteral("filter"), m_filter->text());
    view.insert(QStringLiteral("sort_column"), m_table->horizontalHeader()->sortIndicatorSection());
    view.insert(
        QStringLiteral("sort_descending"), m_table->horizontalHeader()->sortIndicatorOrder() == Qt::DescendingOrder);
    view.insert(QStringLiteral("scatter_setting"), m_scatter->setting());
    engine::SweepSpec sweep = m_document->sweep();
    sweep.view = QJsonDocument(view).toJson(QJsonDocument::Compact).toStdString();
    m_document->setSweep(sweep);
}

void SweepPage::applyViewSettings(const std::string& text)
{
    const QJsonObject view = QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
    if (view.isEmpty())
        return;
    m_applyingView = true;
    m_parallel->setViewSettings(view.value(QStringLiteral("brushes")).toObject());
    m_filter->setText(view.value(QStringLiteral("filter")).toString());
    if (view.contains(QStringLiteral("sort_column")))
        m_table->sortByColumn(view.value(QStringLiteral("sort_column")).toInt(),
            view.value(QStringLiteral("sort_descending")).toBool() ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_scatter->setSetting(view.value(QStringLiteral("scatter_setting")).toString());
    m_applyingView = false;
}

} // namespace cnnwb::ui
