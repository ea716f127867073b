#include "ui/app/main_window.h"

#include "ui/app/experiment_document.h"
#include "ui/app/file_actions.h"
#include "ui/app/guided_tour.h"
#include "ui/app/translation_loader.h"
#include "ui/app/window_placement.h"
#include "ui/common/display_link.h"
#include "ui/common/log_emitter.h"
#include "ui/common/log_panel.h"
#include "ui/common/page_layout.h"
#include "ui/data/augmentation_panel.h"
#include "ui/data/data_page.h"
#include "ui/health/health_page.h"
#include "ui/model/experiment_overview.h"
#include "ui/model/layer_inspector.h"
#include "ui/model/layer_stack_editor.h"
#include "ui/model/model_document.h"
#include "ui/model/python_code_dialog.h"
#include "ui/model/weights_chooser.h"
#include "ui/results/insight_page.h"
#include "ui/results/results_page.h"
#include "ui/results/runs_page.h"
#include "ui/sweep/sweep_page.h"
#include "ui/training/checkpoint_actions.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_charts.h"
#include "ui/training/training_page.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/core/version.h"
#include "cnnwb/engine/export/python_code.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>

namespace cnnwb::ui {

MainWindow::MainWindow(engine::DeviceInfo devices, QWidget* parent)
    : QMainWindow(parent)
    , m_devices(std::move(devices))
    , m_document(new ExperimentDocument(this))
    , m_dialogs(this)
    , m_files(new FileActions(m_document, &m_dialogs, this))
    , m_editor(new LayerStackEditor(m_document->model()))
    , m_inspector(new LayerInspector(m_document->model()))
    , m_overview(new ExperimentOverview)
    , m_weights(new WeightsChooser(m_document, &m_dialogs))
    , m_logPanel(new LogPanel)
    , m_logDock(new QDockWidget(tr("Log")))
    , m_deviceLabel(new QLabel)
    , m_datasetLabel(new QLabel)
    , m_dataPage(new DataPage)
    , m_results(new ResultsPage)
    , m_insight(new InsightPage)
    , m_health(new HealthPage)
    , m_runs(new RunsPage)
    , m_sweep(new SweepPage(m_document, &m_dialogs))
    , m_training(
          new TrainingPage(m_document, m_devices, {m_results, m_insight, m_health, m_runs, statusBar(), &m_dialogs}))
    , m_checkpoints(new CheckpointActions(m_document, m_training, m_files, &m_dialogs, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    createTabs();
    connectPages();
    m_logDock->setObjectName(QStringLiteral("LogDock"));
    m_logDock->setWidget(m_logPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    createStatusBar();
    createMenus();
    newExperiment();
    placeOnScreen();
}

MainWindow::~MainWindow()
{
    // Children die in ~QWidget, after this object has stopped being a MainWindow: the document's
    // signals and a running training must not reach back into it then.
    disconnect(m_document, nullptr, this, nullptr);
    m_training->stopAndWait();
}

QWidget* MainWindow::createModelPage()
{
    connect(m_editor, &LayerStackEditor::currentRowChanged, m_inspector, &LayerInspector::setRow);
    m_editor->setBatchSize(m_document->config().batchSize);
    connect(m_document, &ExperimentDocument::configChanged, m_editor,
        [this](const engine::TrainConfig& config) { m_editor->setBatchSize(config.batchSize); });
    return pageWithSidePanel(m_editor, column({m_weights, m_inspector, m_overview}), 3, 2);
}

void MainWindow::createTabs()
{
    m_modelPage = createModelPage();
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_dataPage, tr("Data"));
    m_tabs->addTab(m_modelPage, tr("Model"));
    m_tabs->addTab(m_training, tr("Training"));
    m_tabs->addTab(m_results, tr("Results"));
    m_tabs->addTab(m_insight, tr("Insight"));
    m_tabs->addTab(m_health, tr("Health"));
    m_tabs->addTab(m_runs, tr("Runs"));
    m_tabs->addTab(m_sweep, tr("Sweep"));
    m_runs->refresh(engine::userDataDir() / "runs");
    m_tabs->setCurrentWidget(m_modelPage);
    setCentralWidget(m_tabs);
}

void MainWindow::connectPages()
{
    m_dataPage->observe(m_document);
    connect(m_dataPage, &DataPage::openFolderRequested, m_files, &FileActions::chooseDataset);
    connect(m_dataPage, &DataPage::folderDropped, this,
        [this](const QString& folder) { openDataset(folder.toStdString()); });
    connect(m_dataPage, &DataPage::datasetDownloaded, this, [this](const QString& folder) {
        openDataset(folder.toStdString());
        m_training->report(tr("Dataset downloaded to %1").arg(folder), false);
    });
    connect(m_runs, &RunsPage::cloneRequested, this,
        [this](const engine::Experiment& experiment, const QString& run) { cloneExperiment(experiment, run); });
    connect(m_sweep, &SweepPage::openTrialRequested, this,
        [this](const engine::Experiment& experiment, const QString& trial) { cloneExperiment(experiment, trial); });
    connect(m_training, &TrainingPage::showRequested, this, [this] { m_tabs->setCurrentWidget(m_training); });
    connect(m_training, &TrainingPage::healthRequested, this, [this] { m_tabs->setCurrentWidget(m_health); });
    connect(m_health, &HealthPage::settingRequested, this, &MainWindow::showSetting);
    // The model stays editable while a run trains (students sketch the next one): the Model page
    // says which network trains and that edits apply to the next run.
    connect(trainingBridge(), &TrainingBridge::started, m_editor, [this](const engine::RunInfo& info) {
        m_editor->setRunNotice(tr("Training runs the network as it was at Start (%1 parameters); edits here apply to "
                                  "the next run.")
                                   .arg(QLocale().toString(static_cast<qlonglong>(info.parameterCount))));
    });
    connect(trainingBridge(), &TrainingBridge::runningChanged, m_editor, [this](bool running) {
        if (!running)
            m_editor->setRunNotice({});
    });
    connect(m_document, &ExperimentDocument::dataFolderChanged, this, &MainWindow::showDataset);
    for (auto signal : {&ExperimentDocument::modelChanged, &ExperimentDocument::dataFolderChanged})
        connect(m_document, signal, this, &MainWindow::updateTitle);
    connect(m_document, &ExperimentDocument::pathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ExperimentDocument::modifiedChanged, this, &MainWindow::updateTitle);
}

// A diagnosis's suggestion leads to its setting: the editor on the Training page, the layers on
// the Model page, the augmentation on the Data page.
void MainWindow::showSetting(const QString& setting)
{
    static const QList<QPair<QString, QString>> kEditors
        = {{QStringLiteral("learning_rate"), QStringLiteral("learningRate")},
            {QStringLiteral("gradient_clip_norm"), QStringLiteral("gradientClipNorm")}};
    for (const auto& [name, editor] : kEditors)
        if (setting == name) {
            m_tabs->setCurrentWidget(m_training);
            if (QWidget* widget = trainingSettings()->editor(editor))
                widget->setFocus(Qt::OtherFocusReason);
            return;
        }
    if (setting == QLatin1String("augmentation"))
        m_tabs->setCurrentWidget(m_dataPage);
    else
        m_tabs->setCurrentWidget(m_modelPage);
}

void MainWindow::createStatusBar()
{
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
    // Permanent, like the device: a normal widget is hidden under messages only once it is shown,
    // so one shown before the window (a checkpoint opened at launch) was drawn over by it.
    m_datasetLabel->setObjectName(QStringLiteral("DatasetStatus"));
    statusBar()->addPermanentWidget(m_datasetLabel);
    statusBar()->addPermanentWidget(m_deviceLabel);
    statusBar()->addPermanentWidget(m_training->progressLabel());
    statusBar()->addPermanentWidget(m_training->progressBar());
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_files->addTo(file);
    file->addSeparator();
    m_checkpoints->addTo(file);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);
    createEditMenu();
    QMenu* train = menuBar()->addMenu(tr("&Train"));
    m_training->addActionsTo(train);
    addToolBar(m_training->toolBar());
    createViewMenu();
    createHelpMenu();
}

void MainWindow::createEditMenu()
{
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_document->model()->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->model()->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Copy Experiment Summary"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), this,
        [this] { QApplication::clipboard()->setText(m_overview->summaryText()); });
}

void MainWindow::createViewMenu()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Show as &PyTorch Code…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), this,
        &MainWindow::showPythonCode);
    view->addSeparator();
    QAction* log = m_logDock->toggleViewAction();
    log->setText(tr("&Log"));
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(log);
    addPageActions(view->addMenu(tr("Go to P&age")));
    view->addSeparator();
    addDisplayModeActions(view);
    view->addSeparator();
    // Each language in its own script, so whoever cannot read the current one still finds theirs.
    QMenu* language = view->addMenu(tr("Lan&guage"));
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
            m_training->report(tr("The language changes the next time CNN Workbench starts."), false);
        });
    }
}

void MainWindow::addPageActions(QMenu* pages)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction* page = pages->addAction(m_tabs->tabText(i));
        page->setShortcut(QKeySequence(QKeyCombination(Qt::ControlModifier, static_cast<Qt::Key>(Qt::Key_1 + i))));
        connect(page, &QAction::triggered, m_tabs, [this, i] { m_tabs->setCurrentIndex(i); });
    }
}

// The mode and why it is on, one line under the switch: over ssh -X a student should see that the
// slow charts are a choice made for the link, and how to undo it.
void MainWindow::addDisplayModeActions(QMenu* view)
{
    QAction* mode = view->addAction(tr("&Network Display Mode"));
    mode->setObjectName(QStringLiteral("networkDisplayAction"));
    mode->setCheckable(true);
    mode->setChecked(m_training->networkDisplay());
    QAction* line = view->addAction(QString());
    line->setObjectName(QStringLiteral("displayModeLine"));
    line->setEnabled(false);
    const DisplayLink detected = DisplayLink::detect();
    const auto describe = [line, detected](bool network) {
        const QString guess = detected.network() ? tr("detected a network display: %1").arg(detected.reason())
                                                 : tr("detected a local display: %1").arg(detected.reason());
        line->setText(network ? tr("On: charts every %1 s, no animations (%2)")
                                    .arg(TrainingCharts::kRemoteRedrawIntervalMs / 1000)
                                    .arg(guess)
                              : tr("Off: charts redraw live (%1)").arg(guess));
    };
    describe(mode->isChecked());
    connect(mode, &QAction::toggled, m_training, &TrainingPage::setNetworkDisplay);
    connect(mode, &QAction::toggled, this, describe);
}

void MainWindow::createHelpMenu()
{
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* tour = help->addAction(tr("&Guided First Experiment"), this, [this] { (void)startGuidedTour(); });
    tour->setObjectName(QStringLiteral("guidedTourAction"));
    help->addSeparator();
    help->addAction(tr("&About CNN Workbench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showDataset()
{
    if (const auto& info = m_document->dataset()) {
        m_overview->setDataset(info);
        m_datasetLabel->setText(tr("Dataset: %1").arg(QString::fromStdString(info->name)));
    } else {
        m_overview->setDataset(std::nullopt, m_document->datasetProblem());
        m_datasetLabel->setText(tr("No dataset"));
    }
}

void MainWindow::updateTitle()
{
    const QString path = m_document->path();
    const QString file = path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName();
    const QString model = QString::fromStdString(m_document->model()->spec().name);
    QString title = tr("%1[*] — %2").arg(file, model.isEmpty() ? tr("model") : model);
    const QString dataset = m_document->datasetName();
    if (!dataset.isEmpty())
        title += tr(" on %1").arg(dataset);
    setWindowTitle(title + tr(" — CNN Workbench"));
    setWindowModified(m_document->isModified());
}

void MainWindow::cloneExperiment(const engine::Experiment& experiment, const QString& runName)
{
    m_document->apply(experiment);
    m_document->markSaved({});
    // Unsaved on purpose: a new experiment that starts as a copy of the run's.
    m_document->markModified();
    m_tabs->setCurrentWidget(m_modelPage);
    m_training->report(
        tr("New experiment cloned from run %1: change one thing, then Start Training.").arg(runName), false);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_files->maybeSave()) {
        event->ignore();
        return;
    }
    if (trainingBridge()->isRunning()) {
        // Ends after the current batch (the weights so far are saved); the thread is joined here,
        // before any widget the run reports to goes away.
        engine::logInfo({QT_TRANSLATE_NOOP("EngineText", "window closed during training: stopping the run")});
        m_training->stopAndWait();
    }
    event->accept();
}

QString MainWindow::pythonCode() const
{
    try {
        return QString::fromStdString(engine::pythonCode(m_document->model()->spec()));
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

void MainWindow::placeOnScreen()
{
    // Without a window manager (Xvfb, some X11 forwarding set-ups) nobody else sizes the window.
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (screen == nullptr) {
        resize(1200, 800);
        return;
    }
    setGeometry(windowPlacement(screen->availableGeometry()));
}

GuidedTour* MainWindow::startGuidedTour()
{
    const auto page = [this](QWidget* widget) { return [this, widget] { m_tabs->setCurrentWidget(widget); }; };
    QWidget* modelPage = m_modelPage;
    std::vector<GuidedTour::Step> steps = {
        {page(modelPage), nullptr, tr("Your first experiment"),
            tr("In about ten minutes you will look at the training images, train the ready-made CNN, read its "
               "charts, save it and export it. Next moves on; Skip Tour (or Escape) ends the tour; Help → Guided "
               "First Experiment brings it back.")},
        {page(m_dataPage), [this] { return static_cast<QWidget*>(m_dataPage); }, tr("The data"),
            tr("The Data page shows the dataset, its classes and a live grid of training images exactly as the "
               "network will see them after data augmentation. Re-roll shows new random variations.")},
        {page(m_dataPage), [this] { return m_dataPage->augmentationPanel()->parentWidget(); }, tr("Data augmentation"),
            tr("Switch on random crop, flips or color jitter here and watch the grid change. Augmentation makes "
               "the network see a slightly different image every epoch, which helps it generalise.")},
        {page(modelPage), [this] { return static_cast<QWidget*>(m_editor); }, tr("The model"),
            tr("The network, layer by layer, with each layer's output shape and parameter count: convolution, "
               "pooling, fully connected layers. Add, remove or reorder layers; shapes update at once.")},
        {page(modelPage), [this] { return static_cast<QWidget*>(m_inspector); }, tr("One layer"),
            tr("The selected layer's settings: for a convolution its channels, kernel size, stride and padding.")},
        {page(m_training), [this] { return static_cast<QWidget*>(m_training->settings()); }, tr("Hyperparameters"),
            tr("Epochs, batch size, optimizer and learning rate. The defaults are the seed tutorial's: Adam with a "
               "learning rate of 0.001 and batches of 64.")},
        {page(m_training), [this] { return m_training->toolBar()->widgetForAction(m_training->startAction()); },
            tr("Train"),
            tr("Start Training runs on the GPU when there is one, else on the CPU. Pause and Stop "
               "keep what was learned so far.")},
        {page(m_training), [this] { return static_cast<QWidget*>(m_training->charts()); }, tr("Read the charts"),
            tr("Loss and accuracy move live. If training accuracy keeps rising while test accuracy stalls, the "
               "network is overfitting: try more augmentation or dropout.")},
        {page(m_results), [this] { return static_cast<QWidget*>(m_results); }, tr("Results"),
            tr("For any finished epoch: the confusion matrix shows which classes the network mixes up, with "
               "per-class precision and recall; the gallery shows the test images it gets wrong, most confident "
               "first. Click a cell of the matrix to see those images.")},
        {page(m_insight), [this] { return static_cast<QWidget*>(m_insight); }, tr("Insight"),
            tr("What the trained network does with one image (a test image, or any PNG or JPEG dropped here): "
               "its top five classes, a Grad-CAM heat map of where it looks, each layer's feature maps and the "
               "first convolution's filters.")},
        {page(m_runs), [this] { return static_cast<QWidget*>(m_runs); }, tr("Runs"),
            tr("Every run you trained, with its key settings and best test accuracy. Tick several to overlay "
               "their test-accuracy curves and see what differs between them; Clone and Tweak starts a new "
               "experiment from one.")},
        {page(m_training), [this] { return static_cast<QWidget*>(menuBar()); }, tr("Save and export"),
            tr("File → Save Checkpoint keeps the run to continue later; File → Export ONNX writes the model for "
               "other programs; File → Save keeps the whole setup as an experiment file.")},
        {page(m_training), nullptr, tr("Try one change"),
            tr("Change one thing (a layer, the learning rate, an augmentation), train again and compare the "
               "curves. Changing one thing at a time is how you learn what each one does.")},
    };
    auto* tour = new GuidedTour(this, std::move(steps));
    tour->start();
    return tour;
}

void MainWindow::connectLog(const LogEmitter* emitter)
{
    connect(emitter, &LogEmitter::lineLogged, m_logPanel, &LogPanel::appendLine, Qt::QueuedConnection);
}

} // namespace cnnwb::ui
