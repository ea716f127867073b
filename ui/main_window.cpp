#include "ui/main_window.h"

#include "ui/experiment_overview.h"
#include "ui/layer_inspector.h"
#include "ui/layer_stack_editor.h"
#include "ui/log_emitter.h"
#include "ui/log_panel.h"
#include "ui/model_document.h"
#include "ui/python_code_dialog.h"

#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/error.h"
#include "cnnwb/engine/experiment.h"
#include "cnnwb/engine/log.h"
#include "cnnwb/engine/presets.h"
#include "cnnwb/engine/python_code.h"
#include "cnnwb/engine/version.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace cnnwb::ui {
namespace {

constexpr int kMaxRecentFiles = 8;
const QString kRecentKey = QStringLiteral("recentExperiments");

QString quoted(const QString& path)
{
    if (!path.contains(QLatin1Char(' ')) && !path.contains(QLatin1Char('\'')))
        return path;
    QString escaped = path;
    escaped.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
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
{
    setObjectName(QStringLiteral("MainWindow"));

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_inspector);
    sideLayout->addWidget(m_overview, 1);
    auto* sideScroll = new QScrollArea;
    sideScroll->setWidget(side);
    sideScroll->setWidgetResizable(true);
    sideScroll->setFrameShape(QFrame::NoFrame);
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_editor);
    splitter->addWidget(sideScroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({600, 400});
    splitter->setChildrenCollapsible(false);
    splitter->setContentsMargins(6, 6, 6, 0);
    setCentralWidget(splitter);
    connect(m_editor, &LayerStackEditor::currentRowChanged, m_inspector, &LayerInspector::setRow);
    m_editor->setBatchSize(m_config.batchSize);

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

    m_overview->setTrainConfig(m_config, device);
    connect(m_document->undoStack(), &QUndoStack::cleanChanged, this, [this] { updateTitle(); });
    createMenus();
    newExperiment();
    placeOnScreen();
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
    QAction* device
        = train->addAction(tr("Device: %1").arg(QString::fromStdString(m_devices.defaultDeviceDescription())));
    device->setEnabled(false);
    train->addSeparator();
    QAction* command = train->addAction(
        tr("Copy Training &Command Line"), this, [this] { QApplication::clipboard()->setText(commandLine()); });
    command->setStatusTip(tr("Copy the cnnwb command that trains this experiment in a terminal or on a GPU server"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Show as &PyTorch Code…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), this,
        &MainWindow::showPythonCode);
    view->addSeparator();
    QAction* log = m_logDock->toggleViewAction();
    log->setText(tr("&Log"));
    log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(log);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About CNN Workbench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::openDataset(const std::filesystem::path& folder)
{
    m_datasetFolder = folder;
    try {
        const engine::DatasetInfo info = engine::Dataset::inspect(folder);
        m_datasetName = QString::fromStdString(info.name);
        m_overview->setDataset(info);
        m_document->setInput(info.shape, static_cast<int>(info.classNames.size()));
        m_datasetLabel->setText(tr("Dataset: %1").arg(m_datasetName));
        engine::logger()->info("dataset {} ({} train / {} test images) at {}", info.name, info.trainCount,
            info.testCount, info.root.string());
    } catch (const engine::Error& e) {
        m_datasetName.clear();
        m_overview->setDataset(
            std::nullopt, tr("This folder cannot be used: %1").arg(QString::fromStdString(e.what())));
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
    m_experimentPath.clear();
    m_config = engine::TrainConfig {};
    m_overview->setTrainConfig(m_config, QString::fromStdString(m_devices.defaultDeviceDescription()));
    m_document->undoStack()->setClean();
    updateTitle();
}

bool MainWindow::openExperiment(const QString& path)
{
    try {
        const engine::Experiment experiment = engine::loadExperiment(path.toStdString());
        if (!experiment.dataFolder.empty())
            openDataset(experiment.dataFolder);
        m_document->resetModel(experiment.model);
        m_config = experiment.training;
        m_editor->setBatchSize(m_config.batchSize);
        m_overview->setTrainConfig(m_config, QString::fromStdString(m_devices.defaultDeviceDescription()));
        m_experimentPath = path;
        m_document->undoStack()->setClean();
        rememberRecent(path);
        updateTitle();
        engine::logger()->info("opened experiment {}", path.toStdString());
        return true;
    } catch (const engine::Error& e) {
        engine::logger()->warn("{}", e.what());
        QMessageBox::warning(
            this, tr("Open Experiment"), tr("Cannot open %1:\n%2").arg(path, QString::fromStdString(e.what())));
        return false;
    }
}

bool MainWindow::saveExperimentAs(const QString& path)
{
    engine::Experiment experiment;
    experiment.model = m_document->spec();
    experiment.dataFolder = m_datasetFolder;
    experiment.training = m_config;
    try {
        engine::saveExperiment(experiment, path.toStdString());
    } catch (const engine::Error& e) {
        engine::logger()->warn("{}", e.what());
        QMessageBox::warning(
            this, tr("Save Experiment"), tr("Cannot save %1:\n%2").arg(path, QString::fromStdString(e.what())));
        return false;
    }
    m_experimentPath = path;
    m_document->undoStack()->setClean();
    rememberRecent(path);
    updateTitle();
    engine::logger()->info("saved experiment {}", path.toStdString());
    return true;
}

bool MainWindow::save()
{
    return m_experimentPath.isEmpty() ? chooseSavePath() : saveExperimentAs(m_experimentPath);
}

bool MainWindow::chooseSavePath()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save Experiment"),
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
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Experiment"), QFileInfo(m_experimentPath).path(), tr("CNN Workbench experiments (*.json)"));
    if (!path.isEmpty())
        openExperiment(path);
}

bool MainWindow::maybeSave()
{
    if (m_document->undoStack()->isClean())
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved Changes"), tr("Save the changes to this experiment?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (maybeSave())
        event->accept();
    else
        event->ignore();
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
    if (!m_experimentPath.isEmpty() && m_document->undoStack()->isClean())
        return QStringLiteral("cnnwb train --experiment %1").arg(quoted(m_experimentPath));
    return QStringLiteral("cnnwb train --data %1 --epochs %2 --batch-size %3 --lr %4 --device %5")
        .arg(quoted(QString::fromStdString(m_datasetFolder.string())))
        .arg(m_config.epochs)
        .arg(m_config.batchSize)
        .arg(m_config.learningRate)
        .arg(QString::fromStdString(m_config.device));
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
    setWindowModified(!m_document->undoStack()->isClean());
}

void MainWindow::chooseDataset()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Open Dataset Folder"), QString::fromStdString(m_datasetFolder.string()));
    if (!folder.isEmpty())
        openDataset(folder.toStdString());
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
    const QRect available = screen->availableGeometry();
    const QSize size(qBound(900, available.width() * 4 / 5, 1500), qBound(600, available.height() * 4 / 5, 950));
    resize(size.boundedTo(available.size()));
    move(available.center() - rect().center());
}

} // namespace cnnwb::ui
