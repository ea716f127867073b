#include "ui/main_window.h"

#include "ui/experiment_overview.h"
#include "ui/log_emitter.h"
#include "ui/log_panel.h"

#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/error.h"
#include "cnnwb/engine/log.h"
#include "cnnwb/engine/version.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFileDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QStatusBar>

namespace cnnwb::ui {
namespace {

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
    , m_overview(new ExperimentOverview)
    , m_logPanel(new LogPanel)
    , m_logDock(new QDockWidget(tr("Log")))
    , m_deviceLabel(new QLabel)
    , m_datasetLabel(new QLabel)
{
    setObjectName(QStringLiteral("MainWindow"));
    setCentralWidget(m_overview);

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
    createMenus();
    updateTitle();
    placeOnScreen();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Dataset Folder…"), this, &MainWindow::chooseDataset);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Use a CIFAR-10, MNIST/Fashion-MNIST or ImageFolder dataset"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* copy = edit->addAction(tr("&Copy Experiment Summary"), this,
        [this] { QApplication::clipboard()->setText(m_overview->summaryText()); });
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));

    QMenu* train = menuBar()->addMenu(tr("&Train"));
    QAction* device
        = train->addAction(tr("Device: %1").arg(QString::fromStdString(m_devices.defaultDeviceDescription())));
    device->setEnabled(false);
    train->addSeparator();
    QAction* command = train->addAction(
        tr("Copy Training &Command Line"), this, [this] { QApplication::clipboard()->setText(commandLine()); });
    command->setStatusTip(tr("Copy the cnnwb command that trains this experiment in a terminal or on a GPU server"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
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
        m_datasetLabel->setText(tr("Dataset: %1").arg(m_datasetName));
        engine::logger()->info("dataset {} ({} train / {} test images) at {}", info.name, info.trainCount,
            info.testCount, info.root.string());
    } catch (const engine::Error& e) {
        m_datasetName.clear();
        m_overview->setDataset(
            std::nullopt, tr("This folder cannot be used: %1").arg(QString::fromStdString(e.what())));
        m_datasetLabel->setText(tr("No dataset"));
        engine::logger()->warn("{}", e.what());
    }
    updateTitle();
}

void MainWindow::connectLog(const LogEmitter* emitter)
{
    connect(emitter, &LogEmitter::lineLogged, m_logPanel, &LogPanel::appendLine, Qt::QueuedConnection);
}

QString MainWindow::commandLine() const
{
    return QStringLiteral("cnnwb train --data %1 --epochs %2 --batch-size %3 --lr %4 --device %5")
        .arg(quoted(QString::fromStdString(m_datasetFolder.string())))
        .arg(m_config.epochs)
        .arg(m_config.batchSize)
        .arg(m_config.learningRate)
        .arg(QString::fromStdString(m_config.device));
}

void MainWindow::updateTitle()
{
    setWindowTitle(
        m_datasetName.isEmpty() ? tr("CNN Workbench") : tr("SimpleCNN on %1 — CNN Workbench").arg(m_datasetName));
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
