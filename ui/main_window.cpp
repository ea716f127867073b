#include "ui/main_window.h"

#include "ui/engine_text.h"

#include "ui/augmentation_panel.h"
#include "ui/cluster_launch_dialog.h"
#include "ui/data_page.h"
#include "ui/experiment_overview.h"
#include "ui/guided_tour.h"
#include "ui/insight_page.h"
#include "ui/layer_inspector.h"
#include "ui/layer_stack_editor.h"
#include "ui/log_emitter.h"
#include "ui/log_panel.h"
#include "ui/lr_finder_dialog.h"
#include "ui/model_document.h"
#include "ui/python_code_dialog.h"
#include "ui/results_page.h"
#include "ui/runs_page.h"
#include "ui/training_bridge.h"
#include "ui/training_charts.h"
#include "ui/training_settings_panel.h"
#include "ui/translation_loader.h"

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/export/python_code.h"
#include "cnnwb/engine/core/version.h"
#include "cnnwb/engine/records/train_flags.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace cnnwb::ui {
namespace {

// A display at the far end of a network: ssh -X (DISPLAY=host:N), or a container, whose run script
// turns MIT-SHM off. CNNWB_REMOTE_DISPLAY=1/0 overrides the guess.
bool isRemoteDisplay()
{
    const QByteArray forced = qgetenv("CNNWB_REMOTE_DISPLAY");
    if (!forced.isEmpty())
        return forced != "0";
    if (QGuiApplication::platformName() != QLatin1String("xcb"))
        return false;
    if (qEnvironmentVariableIsSet("QT_XCB_NO_MITSHM"))
        return true;
    const QByteArray display = qgetenv("DISPLAY");
    return !display.startsWith(':') && !display.startsWith("unix:");
}

} // namespace

namespace {

constexpr int kMaxRecentFiles = 8;
const QString kRecentKey = QStringLiteral("recentExperiments");

// Widgets stacked top to bottom; the last one takes the spare height.
QWidget* column(std::initializer_list<QWidget*> widgets)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* widget : widgets)
        layout->addWidget(widget, widget == *(widgets.end() - 1) ? 1 : 0);
    return box;
}

// A tab's layout: the main view, and on its right a scrollable side panel in a splitter.
QSplitter* pageWithSidePanel(QWidget* main, QWidget* side, int mainStretch, int sideStretch)
{
    auto* scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Scroll vertically only: the panel is never narrower than its widest row, so nothing is clipped.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(side->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(main);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, mainStretch);
    splitter->setStretchFactor(1, sideStretch);
    splitter->setSizes({1000 * mainStretch, 1000 * sideStretch}); // scaled down to the width, keeping the ratio
    splitter->setChildrenCollapsible(false);
    splitter->setContentsMargins(6, 6, 6, 0);
    return splitter;
}

} // namespace

MainWindow::MainWindow(engine::DeviceInfo devices, QWidget* parent)
    : QMainWindow(parent)
    , m_devices(std::move(devices))
    , m_document(new ModelDocument(this))
    , m_editor(new LayerStackEditor(m_document))
    , m_inspector(new LayerInspector(m_document))
    , m_overview(new ExperimentOverview)
    , m_logPanel(new LogPanel)
    , m_logDock(new QDockWidget(tr("Log")))
    , m_deviceLabel(new QLabel)
    , m_datasetLabel(new QLabel)
    , m_bridge(new TrainingBridge(this))
    , m_charts(new TrainingCharts)
    , m_settings(new TrainingSettingsPanel([this] {
        QStringList gpus;
        for (std::size_t i = 0; i < m_devices.gpuNames.size(); ++i)
            gpus << QStringLiteral("cuda:%1 (%2)").arg(i).arg(QString::fromStdString(m_devices.gpuNames[i]));
        return gpus;
    }()))
    , m_dataPage(new DataPage)
    , m_results(new ResultsPage)
    , m_insight(new InsightPage)
    , m_runs(new RunsPage)
    , m_progressLabel(new QLabel)
    , m_progress(new QProgressBar)
    , m_runMessage(new QLabel)
{
    setObjectName(QStringLiteral("MainWindow"));

    QSplitter* splitter = pageWithSidePanel(m_editor, column({m_inspector, m_overview}), 3, 2);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_dataPage, tr("Data"));
    m_tabs->addTab(splitter, tr("Model"));
    m_trainingPage = createTrainingPage();
    m_tabs->addTab(m_trainingPage, tr("Training"));
    m_tabs->addTab(m_results, tr("Results"));
    m_tabs->addTab(m_insight, tr("Insight"));
    m_tabs->addTab(m_runs, tr("Runs"));
    m_runs->refresh(engine::userDataDir() / "runs");
    connect(m_runs, &RunsPage::cloneRequested, this,
        [this](const engine::Experiment& experiment, const QString& run) { cloneExperiment(experiment, run); });
    m_tabs->setCurrentWidget(splitter);
    setCentralWidget(m_tabs);
    // The Data page edits the augmentation and validation parts of the same training config.
    m_dataPage->setConfig(m_settings->config());
    connect(m_dataPage, &DataPage::augmentationChanged, this, [this](const engine::AugmentationSpec& spec) {
        engine::TrainConfig config = m_settings->config();
        config.augmentation = spec;
        m_settings->setConfig(config);
        m_settingsModified = true;
        updateTitle();
    });
    connect(m_dataPage, &DataPage::validationChanged, this, [this](double fraction) {
        engine::TrainConfig config = m_settings->config();
        config.validationFraction = fraction;
        m_settings->setConfig(config);
        m_settingsModified = true;
        updateTitle();
    });
    connect(m_dataPage, &DataPage::openFolderRequested, this, &MainWindow::chooseDataset);
    connect(m_dataPage, &DataPage::datasetDownloaded, this, [this](const QString& folder) {
        openDataset(folder.toStdString());
        showFileMessage(tr("Dataset downloaded to %1").arg(folder), false);
    });
    connect(m_editor, &LayerStackEditor::currentRowChanged, m_inspector, &LayerInspector::setRow);
    m_editor->setBatchSize(m_settings->config().batchSize);
    connect(m_settings, &TrainingSettingsPanel::configChanged, this, [this](const engine::TrainConfig& config) {
        m_editor->setBatchSize(config.batchSize);
        m_dataPage->setConfig(config); // the seed decides the preview's randomness
        m_settingsModified = true;
        updateTitle();
    });

    connect(m_bridge, &TrainingBridge::checkpointSaved, this, [this](const QString& file, const QString& error) {
        if (error.isEmpty())
            showFileMessage(tr("Checkpoint saved to %1").arg(file), false);
        else
            showFileMessage(tr("Checkpoint not saved to %1: %2").arg(file, error), true);
    });
    connect(m_bridge, &TrainingBridge::epochFinished, this, [this] {
        // Each epoch leaves last.ckpt in the run's folder: Save and Export use it from now on.
        const QString last = QDir(m_runFolder).filePath(QStringLiteral("last.ckpt"));
        m_runs->refresh(engine::userDataDir() / "runs");
        if (!m_runFolder.isEmpty() && QFileInfo::exists(last)) {
            m_checkpointPath = last;
            updateCheckpointActions();
        }
    });
    connect(m_bridge, &TrainingBridge::runningChanged, this, [this](bool running) {
        updateTrainingActions();
        updateCheckpointActions();
        m_progress->setVisible(running);
        if (running)
            m_progressLabel->setText(tr("Starting…"));
    });
    connect(m_bridge, &TrainingBridge::pausedChanged, this, [this](bool) { updateTrainingActions(); });
    connect(m_bridge, &TrainingBridge::statusChanged, m_progressLabel, &QLabel::setText);
    connect(m_bridge, &TrainingBridge::started, this, [this](const engine::RunInfo& info) {
        m_runInfo = info;
        m_runClock.start();
        m_charts->reset(info);
        m_progress->setRange(0, info.epochs * info.batchesPerEpoch);
        m_progress->setValue(0);
        m_runMessage->setText(tr("Training on %1: %2 parameters, %3 training and %4 test images.")
                                  .arg(QString::fromStdString(info.deviceName))
                                  .arg(QLocale().toString(static_cast<qlonglong>(info.parameterCount)))
                                  .arg(QLocale().toString(static_cast<qlonglong>(info.trainCount)))
                                  .arg(QLocale().toString(static_cast<qlonglong>(info.testCount))));
    });
    connect(m_bridge, &TrainingBridge::batchesReady, this, &MainWindow::showBatches);
    connect(m_bridge, &TrainingBridge::epochFinished, m_charts, &TrainingCharts::addEpoch);
    connect(m_bridge, &TrainingBridge::epochFinished, m_results, &ResultsPage::addEpoch);
    connect(m_bridge, &TrainingBridge::started, m_results, [this] {
        m_results->clear();
        m_results->setClassNames(m_classNames);
    });
    connect(m_bridge, &TrainingBridge::finished, m_results, [this] {
        const QString last = QDir(m_runFolder).filePath(QStringLiteral("last.ckpt"));
        if (!m_runFolder.isEmpty() && QFileInfo::exists(last)) {
            m_results->loadGallery(last.toStdString(), m_datasetFolder);
            m_insight->setCheckpoint(last.toStdString(), m_datasetFolder);
        }
    });
    // Epoch scrubbing: a click on the loss or accuracy chart selects that epoch for the results views.
    connect(m_charts, &TrainingCharts::epochSelected, m_results, &ResultsPage::selectEpoch);
    connect(m_charts, &TrainingCharts::epochSelected, this, [this](int epoch) {
        showFileMessage(
            tr("Epoch %1 selected: its confusion matrix and per-class results are on the Results page.").arg(epoch),
            false);
    });
    connect(m_results, &ResultsPage::epochSelected, m_charts, &TrainingCharts::markEpoch);
    connect(m_bridge, &TrainingBridge::finished, this, [this](const engine::RunResult& result) {
        const QString best = result.bestEpoch > 0
            ? tr("best test accuracy %1 % in epoch %2")
                  .arg(QLocale().toString(100.0 * result.bestTestAccuracy, 'f', 2))
                  .arg(result.bestEpoch)
            : tr("no complete epoch");
        QString how = tr("Finished");
        if (result.stopped)
            how = tr("Stopped");
        else if (result.earlyStopped)
            how = tr("Stopped early (no improvement)");
        if (!result.lastCheckpointPath.empty() && std::filesystem::exists(result.lastCheckpointPath)) {
            m_checkpointPath = QString::fromStdString(result.lastCheckpointPath.string());
            updateCheckpointActions();
        }
        QString message = tr("%1: %2.").arg(how, best);
        if (!result.weightsPath.empty())
            message += QLatin1Char(' ')
                + tr("Weights and metrics in %1")
                      .arg(QString::fromStdString(result.weightsPath.parent_path().string()));
        showRunEnd(message, false);
    });
    connect(m_bridge, &TrainingBridge::failed, this,
        [this](const QString& message) { showRunEnd(tr("Training failed: %1").arg(message), true); });

    m_logDock->setObjectName(QStringLiteral("LogDock"));
    m_logDock->setWidget(m_logPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);

    const QString device = QString::fromStdString(m_devices.defaultDeviceDescription());
    if (m_devices.cudaAvailable) {
        m_deviceLabel->setText(tr("Training device: %1").arg(device));
        m_deviceLabel->setToolTip(tr("Training runs on the first CUDA GPU; choose another with --device cuda:K."));
    } else {
        // The status bar gets the few words; the full diagnosis with what to do is one hover away.
        const QString summary = QString::fromStdString(m_devices.cudaUnavailableSummary);
        const QString reason = QString::fromStdString(m_devices.cudaUnavailableReason);
        m_deviceLabel->setText(tr("Training device: %1 · CUDA not usable: %2").arg(device, summary));
        m_deviceLabel->setToolTip(tr("CUDA is not usable: %1").arg(reason));
    }
    m_deviceLabel->setObjectName(QStringLiteral("DeviceStatus"));
    statusBar()->addWidget(m_datasetLabel, 1);
    statusBar()->addPermanentWidget(m_deviceLabel);

    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progressLabel);
    statusBar()->addPermanentWidget(m_progress);
    connect(m_document->undoStack(), &QUndoStack::cleanChanged, this, [this] { updateTitle(); });
    if (isRemoteDisplay()) {
        m_charts->setRemoteDisplay(true);
        engine::logger()->info("network display: charts redraw every {} s, the status bar once a second",
            TrainingCharts::kRemoteRedrawIntervalMs / 1000);
    }
    createMenus();
    newExperiment();
    placeOnScreen();
}

MainWindow::~MainWindow()
{
    // Children die in ~QWidget, after this object has stopped being a MainWindow: the undo stack
    // (cleanChanged) and a running training must not reach back into it then.
    disconnect(m_document->undoStack(), nullptr, this, nullptr);
    disconnect(m_bridge, nullptr, this, nullptr);
    m_bridge->stopAndWait();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Experiment"), QKeySequence::New, this, [this] {
        if (maybeSave())
            newExperiment();
    });
    file->addAction(tr("&Open Experiment…"), QKeySequence::Open, this, &MainWindow::chooseExperimentToOpen);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::chooseSavePath);
    file->addSeparator();
    QAction* openData = file->addAction(tr("Open &Dataset Folder…"), this, &MainWindow::chooseDataset);
    openData->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openData->setStatusTip(tr("Use a CIFAR-10, MNIST/Fashion-MNIST or ImageFolder dataset"));
    file->addSeparator();
    const QString checkpointFilter = tr("CNN Workbench checkpoints (*.ckpt)");
    QAction* loadCheckpoint = file->addAction(tr("&Load Checkpoint…"), this, [this, checkpointFilter] {
        if (!maybeSave())
            return;
        const QString path = askOpenPath(
            tr("Load Checkpoint"), QString::fromStdString((engine::userDataDir() / "runs").string()), checkpointFilter);
        if (!path.isEmpty())
            this->loadCheckpoint(path);
    });
    loadCheckpoint->setObjectName(QStringLiteral("LoadCheckpointAction"));
    loadCheckpoint->setStatusTip(tr("Open a saved training state; Start continues it exactly where it stopped"));
    m_saveCheckpoint = file->addAction(tr("Save &Checkpoint…"), this, [this] {
        const QString path = askSavePath(
            tr("Save Checkpoint"), QStringLiteral("checkpoint.ckpt"), tr("CNN Workbench checkpoints (*.ckpt)"));
        if (!path.isEmpty())
            saveCheckpointTo(path);
    });
    m_saveCheckpoint->setObjectName(QStringLiteral("SaveCheckpointAction"));
    m_saveCheckpoint->setStatusTip(
        tr("Save the model, optimizer and position of the run, to continue it later or elsewhere"));
    m_exportOnnx = file->addAction(tr("Export &ONNX…"), this, [this] {
        const QString path = askSavePath(tr("Export ONNX"), QStringLiteral("model.onnx"), tr("ONNX models (*.onnx)"));
        if (!path.isEmpty())
            exportOnnxTo(path);
    });
    m_exportOnnx->setObjectName(QStringLiteral("ExportOnnxAction"));
    m_exportOnnx->setStatusTip(tr("Write the trained model for ONNX Runtime, OpenCV and other inference engines"));
    QMenu* onnxOptions = file->addMenu(tr("ONNX Export &Options"));
    auto* opsets = new QActionGroup(this);
    for (int opset = engine::kOnnxMinOpset; opset <= engine::kOnnxMaxOpset; ++opset) {
        QAction* action = onnxOptions->addAction(tr("Opset %1").arg(opset));
        action->setCheckable(true);
        action->setChecked(opset == m_onnxOptions.opset);
        action->setObjectName(QStringLiteral("OnnxOpset%1").arg(opset));
        opsets->addAction(action);
        connect(action, &QAction::triggered, this, [this, opset] { m_onnxOptions.opset = opset; });
    }
    onnxOptions->addSeparator();
    QAction* dynamicBatch = onnxOptions->addAction(tr("Dynamic Batch Dimension"));
    dynamicBatch->setCheckable(true);
    dynamicBatch->setChecked(m_onnxOptions.dynamicBatch);
    dynamicBatch->setObjectName(QStringLiteral("OnnxDynamicBatch"));
    connect(dynamicBatch, &QAction::toggled, this, [this](bool on) { m_onnxOptions.dynamicBatch = on; });
    m_exportWeights = file->addAction(tr("Export &Weights for PyTorch…"), this, [this] {
        const QString path
            = askSavePath(tr("Export Weights"), QStringLiteral("model.pth"), tr("PyTorch state dicts (*.pth)"));
        if (!path.isEmpty())
            exportStateDictTo(path);
    });
    m_exportWeights->setStatusTip(
        tr("A state dict for the nn.Sequential that View → Show as PyTorch Code prints (torch.load)"));
    updateCheckpointActions();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);
    updateRecentMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Copy Experiment Summary"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this,
        [this] { QApplication::clipboard()->setText(m_overview->summaryText()); });

    QMenu* train = menuBar()->addMenu(tr("&Train"));
    m_start = train->addAction(
        style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start Training"), this, &MainWindow::startTraining);
    m_start->setShortcut(QKeySequence(Qt::Key_F5));
    m_pause = train->addAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this, [this] {
        if (m_bridge->isPaused())
            m_bridge->resume();
        else
            m_bridge->pause();
    });
    m_pause->setShortcut(QKeySequence(Qt::Key_F6));
    m_stop
        = train->addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top"), m_bridge, &TrainingBridge::stop);
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    train->addSeparator();
    QAction* findRate = train->addAction(tr("Find &Learning Rate…"), this, [this] { (void)findLearningRate(); });
    findRate->setObjectName(QStringLiteral("findLearningRate"));
    QAction* cluster = train->addAction(tr("Run on a &Cluster…"), this, [this] { (void)runOnCluster(); });
    cluster->setObjectName(QStringLiteral("runOnCluster"));
    cluster->setStatusTip(tr("Write this experiment with a torchrun command and a Slurm script for many GPUs"));
    findRate->setStatusTip(tr("A short sweep that plots the loss against the learning rate and suggests one"));
    train->addSeparator();
    QToolBar* toolbar = addToolBar(tr("Training"));
    toolbar->setObjectName(QStringLiteral("TrainingToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar = toolbar;
    toolbar->addAction(m_start);
    toolbar->addAction(m_pause);
    toolbar->addAction(m_stop);
    updateTrainingActions();
    QAction* device
        = train->addAction(tr("Device: %1").arg(QString::fromStdString(m_devices.defaultDeviceDescription())));
    device->setEnabled(false);
    train->addSeparator();
    QAction* command = train->addAction(
        tr("Copy Training &Command Line"), this, [this] { QApplication::clipboard()->setText(commandLine()); });
    command->setStatusTip(tr("Copy the cnnwb command that trains this experiment in a terminal or on a GPU server"));

    train->addSeparator();
    train->addAction(tr("Export &Charts…"), this, [this] {
        const QString folder = askFolder(tr("Export Charts"));
        if (!folder.isEmpty())
            exportCharts(folder);
    });
    train->addAction(tr("Export &Metrics as CSV…"), this, [this] {
        const QString path = askSavePath(tr("Export Metrics"), QStringLiteral("metrics.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty() && !m_charts->exportCsv(path))
            statusBar()->showMessage(tr("Cannot write %1").arg(path), 10000);
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Show as &PyTorch Code…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), this,
        &MainWindow::showPythonCode);
    view->addSeparator();
    QAction* log = m_logDock->toggleViewAction();
    log->setText(tr("&Log"));
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(log);
    view->addSeparator();
    // Each language in its own script, so whoever cannot read the current one still finds theirs.
    QMenu* language = view->addMenu(tr("&Language"));
    language->setObjectName(QStringLiteral("languageMenu"));
    auto* languages = new QActionGroup(language);
    const QString saved = QSettings().value(QLatin1String(TranslationLoader::kSettingsKey)).toString();
    const QList<QPair<QString, QString>> choices = {{QString(), tr("System Language")},
        {QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
    for (const auto& [code, name] : choices) {
        QAction* action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == saved);
        action->setData(code);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QLatin1String(TranslationLoader::kSettingsKey), code);
            showFileMessage(tr("The language changes the next time CNN Workbench starts."), false);
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* tour = help->addAction(tr("&Guided First Experiment"), this, [this] { (void)startGuidedTour(); });
    tour->setObjectName(QStringLiteral("guidedTourAction"));
    help->addSeparator();
    help->addAction(tr("&About CNN Workbench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::openDataset(const std::filesystem::path& folder)
{
    m_datasetFolder = folder;
    m_dataPage->setDatasetFolder(folder);
    try {
        const engine::DatasetInfo info = engine::Dataset::inspect(folder);
        m_datasetName = QString::fromStdString(info.name);
        m_classNames.clear();
        for (const std::string& name : info.classNames)
            m_classNames << QString::fromStdString(name);
        m_overview->setDataset(info);
        m_document->setInput(info.shape, static_cast<int>(info.classNames.size()));
        m_datasetLabel->setText(tr("Dataset: %1").arg(m_datasetName));
        engine::logger()->info("dataset {} ({} train / {} test images) at {}", info.name, info.trainCount,
            info.testCount, info.root.string());
    } catch (const engine::Error& e) {
        m_datasetName.clear();
        m_overview->setDataset(std::nullopt, tr("This folder cannot be used: %1").arg(EngineText::error(e)));
        m_document->setInput(m_document->spec().input, std::nullopt);
        m_datasetLabel->setText(tr("No dataset"));
        engine::logger()->warn("{}", e.what());
    }
    updateTitle();
}

void MainWindow::newExperiment()
{
    const engine::Preset& seed = engine::builtInPresets().front();
    m_document->resetModel(
        engine::adaptToDataset(seed.spec, m_document->spec().input, m_document->classCount().value_or(10)));
    m_settings->setConfig(engine::TrainConfig{});
    m_dataPage->setConfig(m_settings->config());
    m_editor->setBatchSize(m_settings->config().batchSize);
    m_resume.reset();
    if (m_start != nullptr)
        updateTrainingActions();
    setExperimentPath({});
}

bool MainWindow::openExperiment(const QString& path)
{
    try {
        applyExperiment(engine::loadExperiment(path.toStdString()));
        setExperimentPath(path);
        engine::logger()->info("opened experiment {}", path.toStdString());
        return true;
    } catch (const engine::Error& e) {
        engine::logger()->warn("{}", e.what());
        QMessageBox::warning(this, tr("Open Experiment"), tr("Cannot open %1:\n%2").arg(path, EngineText::error(e)));
        return false;
    }
}

bool MainWindow::saveExperimentAs(const QString& path)
{
    engine::Experiment experiment;
    experiment.model = m_document->spec();
    experiment.dataFolder = m_datasetFolder;
    experiment.training = m_settings->config();
    try {
        engine::saveExperiment(experiment, path.toStdString());
    } catch (const engine::Error& e) {
        engine::logger()->warn("{}", e.what());
        QMessageBox::warning(this, tr("Save Experiment"), tr("Cannot save %1:\n%2").arg(path, EngineText::error(e)));
        return false;
    }
    setExperimentPath(path);
    engine::logger()->info("saved experiment {}", path.toStdString());
    return true;
}

void MainWindow::setExperimentPath(const QString& path)
{
    // What is shown now is what the file holds (or, without a file, the starting point).
    m_experimentPath = path;
    m_settingsModified = false;
    m_document->undoStack()->setClean();
    if (!path.isEmpty())
        rememberRecent(path);
    updateTitle();
}

bool MainWindow::save()
{
    return m_experimentPath.isEmpty() ? chooseSavePath() : saveExperimentAs(m_experimentPath);
}

bool MainWindow::chooseSavePath()
{
    QString path = askSavePath(tr("Save Experiment"),
        m_experimentPath.isEmpty() ? QStringLiteral("experiment.json") : m_experimentPath,
        tr("CNN Workbench experiments (*.json)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        path += QStringLiteral(".json");
    return saveExperimentAs(path);
}

void MainWindow::chooseExperimentToOpen()
{
    if (!maybeSave())
        return;
    const QString path = askOpenPath(
        tr("Open Experiment"), QFileInfo(m_experimentPath).path(), tr("CNN Workbench experiments (*.json)"));
    if (!path.isEmpty())
        openExperiment(path);
}

bool MainWindow::maybeSave()
{
    if (m_document->undoStack()->isClean() && !m_settingsModified)
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved Changes"), tr("Save the changes to this experiment?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    if (m_bridge->isRunning()) {
        // Ends after the current batch (the weights so far are saved); the thread is joined here,
        // before any widget the run reports to goes away.
        engine::logger()->info("window closed during training: stopping the run");
        m_bridge->stopAndWait();
    }
    event->accept();
}

void MainWindow::rememberRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent) {
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this,
                [this, path] {
                    if (maybeSave())
                        openExperiment(path);
                })
            ->setToolTip(path);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::connectLog(const LogEmitter* emitter)
{
    connect(emitter, &LogEmitter::lineLogged, m_logPanel, &LogPanel::appendLine, Qt::QueuedConnection);
}

QString MainWindow::commandLine() const
{
    std::vector<std::string> words{"cnnwb", "train"};
    if (!m_experimentPath.isEmpty() && m_document->undoStack()->isClean() && !m_settingsModified) {
        words.insert(words.end(), {"--experiment", m_experimentPath.toStdString()});
    } else {
        engine::Experiment experiment;
        experiment.model = m_document->spec();
        experiment.dataFolder = m_datasetFolder;
        experiment.training = m_settings->config();
        const std::vector<std::string> arguments = engine::trainArguments(experiment);
        words.insert(words.end(), arguments.begin(), arguments.end());
    }
    return QString::fromStdString(engine::shellCommand(words));
}

QString MainWindow::pythonCode() const
{
    try {
        return QString::fromStdString(engine::pythonCode(m_document->spec()));
    } catch (const engine::Error& e) {
        return tr("# The model has problems; fix them to get its code:\n# %1\n")
            .arg(QString::fromStdString(e.message()));
    }
}

void MainWindow::showPythonCode()
{
    PythonCodeDialog dialog(pythonCode(), this);
    dialog.exec();
}

void MainWindow::updateTitle()
{
    const QString file = m_experimentPath.isEmpty() ? tr("Untitled") : QFileInfo(m_experimentPath).fileName();
    const QString model = QString::fromStdString(m_document->spec().name);
    QString title = tr("%1[*] — %2").arg(file, model.isEmpty() ? tr("model") : model);
    if (!m_datasetName.isEmpty())
        title += tr(" on %1").arg(m_datasetName);
    setWindowTitle(title + tr(" — CNN Workbench"));
    setWindowModified(!m_document->undoStack()->isClean() || m_settingsModified);
}

void MainWindow::chooseDataset()
{
    const QString folder = askFolder(tr("Open Dataset Folder"));
    if (!folder.isEmpty())
        openDataset(folder.toStdString());
}

QString MainWindow::askSavePath(const QString& title, const QString& suggested, const QString& filter)
{
    if (m_fileDialogHook)
        return m_fileDialogHook(title, suggested);
    return QFileDialog::getSaveFileName(this, title, suggested, filter);
}

QString MainWindow::askOpenPath(const QString& title, const QString& folder, const QString& filter)
{
    if (m_fileDialogHook)
        return m_fileDialogHook(title, folder);
    return QFileDialog::getOpenFileName(this, title, folder, filter);
}

QString MainWindow::askFolder(const QString& title)
{
    const QString start = QString::fromStdString(m_datasetFolder.string());
    if (m_fileDialogHook)
        return m_fileDialogHook(title, start);
    return QFileDialog::getExistingDirectory(this, title, start);
}

void MainWindow::updateCheckpointActions()
{
    if (m_saveCheckpoint == nullptr)
        return;
    const bool haveCheckpoint = !m_checkpointPath.isEmpty();
    m_saveCheckpoint->setEnabled(haveCheckpoint || m_bridge->isRunning());
    m_exportOnnx->setEnabled(haveCheckpoint);
    m_exportWeights->setEnabled(haveCheckpoint);
}

void MainWindow::showFileMessage(const QString& message, bool failure)
{
    statusBar()->showMessage(message, 15000);
    if (failure) {
        m_runMessage->setText(message);
        m_runMessage->setStyleSheet(QStringLiteral("color: #b00020"));
        engine::logger()->warn("{}", message.toStdString());
    } else {
        engine::logger()->info("{}", message.toStdString());
    }
}

bool MainWindow::saveCheckpointTo(const QString& path)
{
    if (m_bridge->isRunning()) {
        m_bridge->requestCheckpoint(path);
        statusBar()->showMessage(tr("Saving a checkpoint after the current batch…"), 5000);
        return true;
    }
    if (m_checkpointPath.isEmpty()) {
        showFileMessage(tr("There is no checkpoint to save yet: train the model or load a checkpoint."), true);
        return false;
    }
    try {
        engine::Checkpoint::load(m_checkpointPath.toStdString()).save(path.toStdString());
    } catch (const engine::Error& e) {
        showFileMessage(tr("Checkpoint not saved: %1").arg(EngineText::error(e)), true);
        return false;
    }
    showFileMessage(tr("Checkpoint saved to %1").arg(path), false);
    return true;
}

bool MainWindow::loadCheckpoint(const QString& path)
{
    if (m_bridge->isRunning()) {
        showFileMessage(tr("Stop the training before loading a checkpoint."), true);
        return false;
    }
    std::optional<engine::Checkpoint> checkpoint;
    try {
        checkpoint = engine::Checkpoint::load(path.toStdString());
    } catch (const engine::Error& e) {
        showFileMessage(tr("Cannot load the checkpoint: %1").arg(EngineText::error(e)), true);
        return false;
    }
    const engine::CheckpointInfo& info = checkpoint->info();
    const std::filesystem::path dataFolder = info.experiment.dataFolder;
    std::error_code ec;
    if (!dataFolder.empty() && std::filesystem::exists(dataFolder, ec))
        openDataset(dataFolder);
    m_document->resetModel(info.experiment.model);
    engine::TrainConfig config = info.experiment.training;
    if (info.batch == 0 && info.epoch > config.epochs)
        config.epochs = info.epoch - 1 + std::max(1, config.epochs / 2); // finished: offer more epochs to continue
    m_settings->setConfig(config);
    m_dataPage->setConfig(config);
    m_editor->setBatchSize(config.batchSize);
    setExperimentPath({});

    engine::RunInfo runInfo;
    runInfo.epochs = config.epochs;
    runInfo.trainCount = info.dataset.trainCount;
    runInfo.testCount = info.dataset.testCount;
    runInfo.batchesPerEpoch
        = static_cast<int>((info.dataset.trainCount + config.batchSize - 1) / std::max(1, config.batchSize));
    m_charts->reset(runInfo);
    for (const engine::EpochMetrics& epoch : info.history)
        m_charts->addEpoch(epoch);
    m_results->clear();
    QStringList classNames;
    for (const std::string& name : info.dataset.classNames)
        classNames << QString::fromStdString(name);
    m_results->setClassNames(classNames);
    for (const engine::EpochMetrics& epoch : info.history)
        m_results->addEpoch(epoch);
    if (!dataFolder.empty() && std::filesystem::exists(dataFolder, ec))
        m_results->loadGallery(path.toStdString(), dataFolder);
    m_insight->setCheckpoint(path.toStdString(), dataFolder);

    m_resume = std::move(checkpoint);
    m_checkpointPath = path;
    updateCheckpointActions();
    updateTrainingActions();
    m_tabs->setCurrentWidget(m_trainingPage);
    const QString best = info.bestEpoch > 0 ? tr(" Best test accuracy %1 % in epoch %2.")
                                                  .arg(QLocale().toString(100.0 * info.bestTestAccuracy, 'f', 2))
                                                  .arg(info.bestEpoch)
                                            : QString();
    m_runMessage->setStyleSheet(QString());
    m_runMessage->setText(tr("Checkpoint loaded: %1 (trained on %2).%3 Start continues this run up to the epochs "
                             "set on the right; File → New Experiment starts afresh.")
                              .arg(QString::fromStdString(info.describePosition()),
                                  QString::fromStdString(info.dataset.describe()), best));
    if (dataFolder.empty() || !std::filesystem::exists(dataFolder, ec))
        showFileMessage(tr("The checkpoint's dataset folder %1 is not there: open the same dataset (File → Open "
                           "Dataset Folder) to continue training.")
                            .arg(QString::fromStdString(dataFolder.string())),
            true);
    engine::logger()->info("loaded checkpoint {} ({})", path.toStdString(), info.describePosition());
    return true;
}

bool MainWindow::exportFromCheckpoint(
    const QString& failure, const QString& success, const std::function<void(const engine::Checkpoint&)>& write)
{
    if (m_checkpointPath.isEmpty()) {
        showFileMessage(tr("There is nothing to export yet: train the model or load a checkpoint."), true);
        return false;
    }
    try {
        write(engine::Checkpoint::load(m_checkpointPath.toStdString()));
    } catch (const engine::Error& e) {
        showFileMessage(failure.arg(EngineText::error(e)), true);
        return false;
    }
    showFileMessage(success, false);
    return true;
}

bool MainWindow::exportOnnxTo(const QString& path)
{
    return exportFromCheckpoint(tr("ONNX export failed: %1"),
        tr("ONNX model (opset %1, %2 batch) written to %3")
            .arg(m_onnxOptions.opset)
            .arg(m_onnxOptions.dynamicBatch ? tr("dynamic") : tr("fixed"))
            .arg(path),
        [&](const engine::Checkpoint& checkpoint) {
            engine::OnnxOptions options = m_onnxOptions;
            options.normalization = checkpoint.info().experiment.training.augmentation.normalize;
            engine::exportOnnx(checkpoint.info().experiment.model, checkpoint.weights(),
                checkpoint.info().dataset.classNames, path.toStdString(), options);
        });
}

bool MainWindow::exportStateDictTo(const QString& path)
{
    return exportFromCheckpoint(tr("Weights not exported: %1"),
        tr("Weights written to %1 (load with torch.load and load_state_dict)").arg(path),
        [&](const engine::Checkpoint& checkpoint) { checkpoint.saveStateDict(path.toStdString()); });
}

void MainWindow::showAbout()
{
    const engine::VersionInfo v = engine::versionInfo();
    QMessageBox::about(this, tr("About CNN Workbench"),
        tr("<h3>CNN Workbench %1</h3><p>Design, train and export convolutional networks.</p>"
           "<p>LibTorch %2 (%3) · OpenCV %4 · Qt %5</p>")
            .arg(QString::fromStdString(v.project), QString::fromStdString(v.libtorch),
                v.cuda.empty() ? tr("CPU build") : tr("CUDA %1 build").arg(QString::fromStdString(v.cuda)),
                QString::fromStdString(v.opencv), QString::fromLatin1(qVersion())));
}

QWidget* MainWindow::createTrainingPage()
{
    m_runMessage->setWordWrap(true);
    m_runMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runMessage->setText(tr("Press Start (F5) to train the model on the dataset with these settings."));
    return pageWithSidePanel(column({m_runMessage, m_charts}), m_settings, 3, 1);
}

QStringList MainWindow::exportCharts(const QString& folder)
{
    QStringList written;
    const std::pair<TrainingCharts::Chart, QString> charts[] = {{TrainingCharts::LossChart, QStringLiteral("loss")},
        {TrainingCharts::AccuracyChart, QStringLiteral("accuracy")},
        {TrainingCharts::LearningRateChart, QStringLiteral("learning-rate")}};
    for (const auto& [chart, name] : charts)
        for (const char* extension : {".png", ".svg"}) {
            const QString path = QDir(folder).filePath(name + QLatin1String(extension));
            if (m_charts->exportChart(chart, path))
                written << path;
        }
    const QString csv = QDir(folder).filePath(QStringLiteral("metrics.csv"));
    if (m_charts->exportCsv(csv))
        written << csv;
    statusBar()->showMessage(
        tr("Exported %n file(s) to %1", nullptr, static_cast<int>(written.size())).arg(folder), 10000);
    return written;
}

bool MainWindow::startTraining()
{
    if (m_bridge->isRunning())
        return false;
    QString problem;
    if (m_datasetName.isEmpty())
        problem = tr("Open a dataset folder first (File → Open Dataset Folder…).");
    else if (!m_document->analysis().valid())
        problem = tr("Fix the model first: %1")
                      .arg(QString::fromStdString(m_document->analysis().problems.front().message));
    if (!problem.isEmpty()) {
        m_runMessage->setText(problem);
        m_runMessage->setStyleSheet(QStringLiteral("color: #b00020"));
        m_tabs->setCurrentWidget(m_trainingPage);
        return false;
    }
    engine::TrainConfig config = m_settings->config();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    config.outDir = engine::userDataDir() / "runs" / stamp.toStdString();
    m_runFolder = QString::fromStdString(config.outDir.string());
    m_runMessage->setStyleSheet(QString());
    m_tabs->setCurrentWidget(m_trainingPage);
    // A loaded checkpoint is continued once; the new run writes its own checkpoints.
    m_bridge->start(QString::fromStdString(m_datasetFolder.string()), m_document->spec(), config, m_resume);
    m_resume.reset();
    updateTrainingActions();
    return true;
}

void MainWindow::updateTrainingActions()
{
    const bool running = m_bridge->isRunning();
    m_start->setEnabled(!running);
    m_pause->setEnabled(running);
    m_stop->setEnabled(running);
    m_pause->setText(m_bridge->isPaused() ? tr("&Resume") : tr("&Pause"));
    m_start->setText(m_resume ? tr("&Continue Training") : tr("&Start Training"));
}

void MainWindow::showBatches(const BatchMetricsList& batches)
{
    m_charts->addBatches(batches);
    if (batches.isEmpty())
        return;
    // The status bar is text for people: two updates a second are plenty, and each costs a repaint
    // (one a second over a network display, where each repaint travels as an image).
    const qint64 statusInterval = m_charts->remoteDisplay() ? 1000 : 500;
    if (m_statusClock.isValid() && m_statusClock.elapsed() < statusInterval
        && batches.back().batch != batches.back().batchesPerEpoch)
        return;
    m_statusClock.start();
    const engine::BatchMetrics& last = batches.back();
    const int done = static_cast<int>(last.step + 1);
    m_progress->setValue(done);
    const qint64 total = static_cast<qint64>(m_runInfo.epochs) * m_runInfo.batchesPerEpoch;
    const double elapsed = static_cast<double>(m_runClock.elapsed()) / 1000.0;
    const auto remaining = static_cast<qint64>(elapsed / done * static_cast<double>(total - done));
    m_progressLabel->setText(
        tr("Epoch %1/%2 · batch %3/%4 · %5 img/s · ETA %6")
            .arg(last.epoch)
            .arg(m_runInfo.epochs)
            .arg(last.batch)
            .arg(last.batchesPerEpoch)
            .arg(QLocale().toString(last.imagesPerSecond, 'f', 0))
            .arg(QStringLiteral("%1:%2").arg(remaining / 60).arg(remaining % 60, 2, 10, QLatin1Char('0'))));
}

void MainWindow::showRunEnd(const QString& message, bool failure)
{
    m_runMessage->setText(message);
    m_runMessage->setStyleSheet(failure ? QStringLiteral("color: #b00020") : QString());
    m_progressLabel->setText(failure ? tr("Training failed") : message.section(QLatin1Char(':'), 0, 0));
    statusBar()->showMessage(message, 10000);
    if (failure)
        engine::logger()->warn("{}", message.toStdString());
    else
        engine::logger()->info("{}", message.toStdString());
}

void MainWindow::placeOnScreen()
{
    // Without a window manager (Xvfb, some X11 forwarding set-ups) nobody else sizes the window.
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (screen == nullptr) {
        resize(1200, 800);
        return;
    }
    const QRect available = screen->availableGeometry();
    const QSize size(qBound(900, available.width() * 4 / 5, 1500), qBound(600, available.height() * 4 / 5, 950));
    resize(size.boundedTo(available.size()));
    move(available.center() - rect().center());
}

} // namespace cnnwb::ui

namespace cnnwb::ui {

GuidedTour* MainWindow::startGuidedTour()
{
    const auto page = [this](QWidget* widget) { return [this, widget] { m_tabs->setCurrentWidget(widget); }; };
    QWidget* modelPage = m_tabs->widget(1);
    std::vector<GuidedTour::Step> steps = {
        {page(modelPage), nullptr, tr("Your first experiment"),
            tr("In about ten minutes you will look at the training images, train the ready-made CNN, read its "
               "charts, save it and export it. Next moves on; Skip Tour (or Escape) ends the tour; Help → Guided "
               "First Experiment brings it back.")},
        {page(m_dataPage), [this] { return static_cast<QWidget*>(m_dataPage); }, tr("1 · The data"),
            tr("The Data page shows the dataset, its classes and a live grid of training images exactly as the "
               "network will see them after data augmentation. Re-roll shows new random variations.")},
        {page(m_dataPage), [this] { return m_dataPage->augmentationPanel()->parentWidget(); },
            tr("2 · Data augmentation"),
            tr("Switch on random crop, flips or color jitter here and watch the grid change. Augmentation makes "
               "the network see a slightly different image every epoch, which helps it generalise.")},
        {page(modelPage), [this] { return static_cast<QWidget*>(m_editor); }, tr("3 · The model"),
            tr("The network, layer by layer, with each layer's output shape and parameter count: convolution, "
               "pooling, fully connected layers. Add, remove or reorder layers; shapes update at once.")},
        {page(modelPage), [this] { return static_cast<QWidget*>(m_inspector); }, tr("4 · One layer"),
            tr("The selected layer's settings: for a convolution its channels, kernel size, stride and padding.")},
        {page(m_trainingPage), [this] { return static_cast<QWidget*>(m_settings); }, tr("5 · Hyperparameters"),
            tr("Epochs, batch size, optimizer and learning rate. The defaults are the seed tutorial's: Adam with a "
               "learning rate of 0.001 and batches of 64.")},
        {page(m_trainingPage), [this] { return m_toolbar != nullptr ? m_toolbar->widgetForAction(m_start) : nullptr; },
            tr("6 · Train"),
            tr("Start Training runs on the GPU when there is one, else on the CPU. Pause and Stop "
               "keep what was learned so far.")},
        {page(m_trainingPage), [this] { return static_cast<QWidget*>(m_charts); }, tr("7 · Read the charts"),
            tr("Loss and accuracy move live. If training accuracy keeps rising while test accuracy stalls, the "
               "network is overfitting: try more augmentation or dropout.")},
        {page(m_trainingPage), [this] { return static_cast<QWidget*>(menuBar()); }, tr("8 · Save and export"),
            tr("File → Save Checkpoint keeps the run to continue later; File → Export ONNX writes the model for "
               "other programs; File → Save keeps the whole setup as an experiment file.")},
        {page(m_trainingPage), nullptr, tr("9 · Try one change"),
            tr("Change one thing (a layer, the learning rate, an augmentation), train again and compare the "
               "curves. Changing one thing at a time is how you learn what each one does.")},
    };
    auto* tour = new GuidedTour(this, std::move(steps));
    tour->start();
    return tour;
}

} // namespace cnnwb::ui

namespace cnnwb::ui {

void MainWindow::applyExperiment(const engine::Experiment& experiment)
{
    if (!experiment.dataFolder.empty())
        openDataset(experiment.dataFolder);
    m_document->resetModel(experiment.model);
    m_settings->setConfig(experiment.training);
    m_dataPage->setConfig(experiment.training);
    m_editor->setBatchSize(experiment.training.batchSize);
    m_resume.reset();
    updateTrainingActions();
}

void MainWindow::cloneExperiment(const engine::Experiment& experiment, const QString& runName)
{
    applyExperiment(experiment);
    setExperimentPath({});
    // Unsaved on purpose: a new experiment that starts as a copy of the run's.
    m_settingsModified = true;
    updateTitle();
    m_tabs->setCurrentIndex(1);
    showFileMessage(
        tr("New experiment cloned from run %1: change one thing, then Start Training.").arg(runName), false);
}

} // namespace cnnwb::ui

namespace cnnwb::ui {

LrFinderDialog* MainWindow::findLearningRate(const engine::LrFinderOptions& options)
{
    if (m_datasetName.isEmpty()) {
        showFileMessage(tr("Open a dataset folder first (File → Open Dataset Folder…)."), true);
        return nullptr;
    }
    auto* dialog = new LrFinderDialog(m_datasetFolder, m_document->spec(), m_settings->config(), options, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LrFinderDialog::rateChosen, this, [this](double rate) {
        engine::TrainConfig config = m_settings->config();
        config.learningRate = rate;
        m_settings->setConfig(config);
        m_settingsModified = true;
        updateTitle();
        showFileMessage(tr("Learning rate set to %1.").arg(rate, 0, 'g', 3), false);
    });
    dialog->show();
    dialog->start();
    return dialog;
}

ClusterLaunchDialog* MainWindow::runOnCluster()
{
    engine::Experiment experiment;
    experiment.model = m_document->spec();
    experiment.dataFolder = m_datasetFolder;
    experiment.training = m_settings->config();
    QString name = m_experimentPath.isEmpty() ? QString::fromStdString(experiment.model.name)
                                              : QFileInfo(m_experimentPath).completeBaseName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("-"));
    const QString folder = QString::fromStdString((engine::userDataDir() / "cluster").string()) + QLatin1Char('/')
        + name + QLatin1Char('-') + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"));
    auto* dialog = new ClusterLaunchDialog(std::move(experiment), folder, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ClusterLaunchDialog::filesWritten, this, [this](const QStringList& files) {
        engine::logger()->info("wrote the cluster launch files: {}", files.join(QStringLiteral(", ")).toStdString());
    });
    dialog->show();
    return dialog;
}

} // namespace cnnwb::ui
