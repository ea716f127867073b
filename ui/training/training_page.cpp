#include "ui/training/training_page.h"

#include "ui/app/experiment_document.h"
#include "ui/common/display_link.h"
#include "ui/common/engine_text.h"
#include "ui/common/file_dialogs.h"
#include "ui/common/page_layout.h"
#include "ui/health/diagnosis_banner.h"
#include "ui/health/health_page.h"
#include "ui/model/model_document.h"
#include "ui/results/insight_page.h"
#include "ui/results/results_page.h"
#include "ui/results/runs_page.h"
#include "ui/training/cluster_launch_dialog.h"
#include "ui/training/lr_finder_dialog.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_charts.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/records/run_history.h"
#include "cnnwb/engine/records/train_flags.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>

#include <algorithm>

namespace cnnwb::ui {
namespace {

QStringList gpuChoices(const engine::DeviceInfo& devices)
{
    QStringList gpus;
    for (std::size_t i = 0; i < devices.gpuNames.size(); ++i)
        gpus << QStringLiteral("cuda:%1 (%2)").arg(i).arg(QString::fromStdString(devices.gpuNames[i]));
    return gpus;
}

const QString kFailureStyle = QStringLiteral("color: #b00020");

} // namespace

TrainingPage::TrainingPage(ExperimentDocument* document, engine::DeviceInfo devices, Views views, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_devices(std::move(devices))
    , m_views(views)
    , m_bridge(new TrainingBridge(this))
    , m_charts(new TrainingCharts)
    , m_settings(new TrainingSettingsPanel(document, gpuChoices(m_devices)))
    , m_runMessage(new QLabel)
    , m_diagnoses(new DiagnosisBanner)
    , m_progressLabel(new QLabel)
    , m_progress(new QProgressBar)
{
    m_runMessage->setWordWrap(true);
    // Room for two lines from the start: a message that wraps (a run's end names its folder) then
    // moves nothing, where it used to lay out and repaint all three charts under it.
    m_runMessage->setMinimumHeight(2 * m_runMessage->fontMetrics().lineSpacing());
    m_runMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runMessage->setText(tr("Press Start (F5) to train the model on the dataset with these settings."));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pageWithSidePanel(column({m_runMessage, m_diagnoses, m_charts}), m_settings, 3, 1));
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    if (DisplayLink::detect().network())
        setNetworkDisplay(true);
    createActions();
    connectRun();
    connectRunEnd();
    connectHealth();
    connect(m_document, &ExperimentDocument::resumeChanged, this, &TrainingPage::updateActions);
}

TrainingPage::~TrainingPage()
{
    // A running training must not reach back into this page while its children go away.
    disconnect(m_bridge, nullptr, this, nullptr);
    m_bridge->stopAndWait();
}

void TrainingPage::setNetworkDisplay(bool network)
{
    if (network == m_charts->remoteDisplay())
        return;
    m_charts->setRemoteDisplay(network);
    setUiAnimations(!network);
    if (network)
        engine::logInfo({QT_TRANSLATE_NOOP("EngineText",
                             "network display: charts redraw every %1 s, the status bar every 2 s, no animations"),
            {std::to_string(TrainingCharts::kRemoteRedrawIntervalMs / 1000)}});
}

bool TrainingPage::networkDisplay() const
{
    return m_charts->remoteDisplay();
}

void TrainingPage::createActions()
{
    m_start = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start Training"), this);
    m_start->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_start, &QAction::triggered, this, &TrainingPage::startTraining);
    m_pause = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    m_pause->setShortcut(QKeySequence(Qt::Key_F6));
    connect(m_pause, &QAction::triggered, this, [this] {
        if (m_bridge->isPaused())
            m_bridge->resume();
        else
            m_bridge->pause();
    });
    m_stop = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top"), this);
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    connect(m_stop, &QAction::triggered, m_bridge, &TrainingBridge::stop);
    updateActions();
}

void TrainingPage::addActionsTo(QMenu* train)
{
    train->addAction(m_start);
    train->addAction(m_pause);
    train->addAction(m_stop);
    train->addSeparator();
    QAction* findRate = train->addAction(tr("Find &Learning Rate…"), this, [this] { (void)findLearningRate(); });
    findRate->setObjectName(QStringLiteral("findLearningRate"));
    QAction* cluster = train->addAction(tr("Run on a Cl&uster…"), this, [this] { (void)runOnCluster(); });
    cluster->setObjectName(QStringLiteral("runOnCluster"));
    cluster->setStatusTip(tr("Write this experiment with a torchrun command and a Slurm script for many GPUs"));
    findRate->setStatusTip(tr("A short sweep that plots the loss against the learning rate and suggests one"));
    train->addSeparator();
    QAction* device
        = train->addAction(tr("Device: %1").arg(QString::fromStdString(m_devices.defaultDeviceDescription())));
    device->setEnabled(false);
    train->addSeparator();
    QAction* command = train->addAction(
        tr("Copy Training Comma&nd Line"), this, [this] { QApplication::clipboard()->setText(commandLine()); });
    command->setStatusTip(tr("Copy the cnnwb command that trains this experiment in a terminal or on a GPU server"));
    train->addSeparator();
    train->addAction(tr("Export C&harts…"), this, [this] {
        const QString folder
            = m_views.dialogs->folder(tr("Export Charts"), QString::fromStdString(m_document->dataFolder().string()));
        if (!folder.isEmpty())
            exportCharts(folder);
    });
    train->addAction(tr("Export &Metrics as CSV…"), this, [this] {
        const QString path
            = m_views.dialogs->savePath(tr("Export Metrics"), QStringLiteral("metrics.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty() && !m_charts->exportCsv(path))
            showStatus(tr("Cannot write %1").arg(path), 10000);
    });
}

QToolBar* TrainingPage::toolBar()
{
    if (m_toolBar == nullptr) {
        m_toolBar = new QToolBar(tr("Training"));
        m_toolBar->setObjectName(QStringLiteral("TrainingToolBar"));
        m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_toolBar->addAction(m_start);
        m_toolBar->addAction(m_pause);
        m_toolBar->addAction(m_stop);
    }
    return m_toolBar;
}

void TrainingPage::connectRun()
{
    connect(m_bridge, &TrainingBridge::checkpointSaved, this, [this](const QString& file, const QString& error) {
        if (error.isEmpty())
            report(tr("Checkpoint saved to %1").arg(file), false);
        else
            report(tr("Checkpoint not saved to %1: %2").arg(file, error), true);
    });
    connect(m_bridge, &TrainingBridge::epochFinished, this, [this] {
        // Each epoch leaves last.ckpt in the run's folder: Save and Export use it from now on.
        m_views.runs->refresh(engine::userDataDir() / "runs");
        takeLastCheckpoint();
    });
    connect(m_bridge, &TrainingBridge::runningChanged, this, [this](bool running) {
        updateActions();
        m_progress->setVisible(running);
        if (!running)
            holdProgressWidth(false);
        if (running)
            m_progressLabel->setText(tr("Starting…"));
        else // the run's manifest now says how it ended: the Runs tab must not keep "running"
            m_views.runs->refresh(engine::userDataDir() / "runs");
    });
    connect(m_bridge, &TrainingBridge::pausedChanged, this, &TrainingPage::showPaused);
    connect(m_bridge, &TrainingBridge::statusChanged, m_progressLabel, &QLabel::setText);
    connect(m_bridge, &TrainingBridge::started, this, &TrainingPage::showStart);
    connect(m_bridge, &TrainingBridge::batchesReady, this, &TrainingPage::showBatches);
    connect(m_bridge, &TrainingBridge::epochFinished, m_charts, &TrainingCharts::addEpoch);
    connect(m_bridge, &TrainingBridge::epochFinished, m_views.results, &ResultsPage::addEpoch);
    // Epoch scrubbing: a click on the loss or accuracy chart selects that epoch for the results views.
    connect(m_charts, &TrainingCharts::epochSelected, m_views.results, &ResultsPage::selectEpoch);
    connect(m_charts, &TrainingCharts::epochSelected, this, [this](int epoch) {
        report(tr("Epoch %1 selected: its confusion matrix and per-class results are on the Results page.").arg(epoch),
            false);
    });
    connect(m_views.results, &ResultsPage::epochSelected, m_charts, &TrainingCharts::markEpoch);
}

// The layer-health records go to the Health page, the diagnoses also to the line over the charts;
// the Health page's epoch scrubber and the Results page's move together.
void TrainingPage::connectHealth()
{
    HealthPage* health = m_views.health;
    connect(m_bridge, &TrainingBridge::started, health, &HealthPage::clear);
    connect(m_bridge, &TrainingBridge::started, m_diagnoses, &DiagnosisBanner::reset);
    connect(m_bridge, &TrainingBridge::healthSampled, health, &HealthPage::addSample);
    connect(m_bridge, &TrainingBridge::healthSampled, m_diagnoses, [this](const engine::HealthSample& sample) {
        m_diagnoses->add(DiagnosisList(sample.fired.begin(), sample.fired.end()));
    });
    connect(m_bridge, &TrainingBridge::epochHealthReady, health, &HealthPage::addEpoch);
    connect(m_bridge, &TrainingBridge::epochHealthReady, m_diagnoses, [this](const engine::EpochHealth& epoch) {
        m_diagnoses->add(DiagnosisList(epoch.diagnoses.begin(), epoch.diagnoses.end()));
    });
    connect(m_diagnoses, &DiagnosisBanner::healthRequested, this, &TrainingPage::healthRequested);
    connect(m_views.results, &ResultsPage::epochSelected, health, &HealthPage::selectEpoch);
    connect(health, &HealthPage::epochSelected, m_views.results, &ResultsPage::selectEpoch);
}

void TrainingPage::connectRunEnd()
{
    connect(m_bridge, &TrainingBridge::finished, m_views.results, [this] {
        const QString last = lastCheckpoint();
        if (!last.isEmpty()) {
            m_views.results->loadGallery(last.toStdString(), m_document->dataFolder());
            m_views.insight->loadCheckpoint(last.toStdString(), m_document->dataFolder());
        }
    });
    connect(m_bridge, &TrainingBridge::finished, this, &TrainingPage::showFinished);
    connect(m_bridge, &TrainingBridge::failed, this,
        [this](const QString& message) { showRunEnd(tr("Training failed: %1").arg(message), true); });
}

QString TrainingPage::lastCheckpoint() const
{
    const QString last = QDir(m_runFolder).filePath(QStringLiteral("last.ckpt"));
    return !m_runFolder.isEmpty() && QFileInfo::exists(last) ? last : QString();
}

void TrainingPage::takeLastCheckpoint()
{
    const QString last = lastCheckpoint();
    if (!last.isEmpty())
        m_document->setCheckpointPath(last);
}

void TrainingPage::showStart(const engine::RunInfo& info)
{
    m_runInfo = info;
    m_runClock.start();
    m_pausedMs = 0;
    m_lastBatch = {};
    m_charts->reset(info);
    holdProgressWidth(true); // from the first batch on: "Loading <folder>…" before it can be long
    m_progress->setRange(0, info.epochs * info.batchesPerEpoch);
    m_progress->setValue(0);
    m_runMessage->setText(tr("Training on %1: %2 parameters, %3 training and %4 test images.")
                              .arg(QString::fromStdString(info.deviceName))
                              .arg(QLocale().toString(static_cast<qlonglong>(info.parameterCount)))
                              .arg(QLocale().toString(static_cast<qlonglong>(info.trainCount)))
                              .arg(QLocale().toString(static_cast<qlonglong>(info.testCount))));
    m_views.results->clear();
    m_views.results->setClassNames(m_document->classNames());
}

// How a run ended, in the words the charts and metrics.csv agree with: an epoch stopped part-way
// is neither charted nor written, and last.ckpt continues it.
QString TrainingPage::endText(const engine::RunResult& result) const
{
    const QString best = result.bestEpoch > 0 ? tr("best test accuracy %1 % in epoch %2")
                                                    .arg(QLocale().toString(100.0 * result.bestTestAccuracy, 'f', 2))
                                                    .arg(result.bestEpoch)
                                              : tr("no epoch finished, so none is charted");
    if (!result.stopped)
        return tr("%1: %2.").arg(result.earlyStopped ? tr("Stopped early (no improvement)") : tr("Finished"), best);
    if (result.stoppedInEpoch <= 0 || result.stoppedAfterBatches <= 0)
        return tr("Stopped after epoch %1: %2.").arg(result.epochs.size()).arg(best);
    return tr("Stopped in epoch %1 after %2 of its %3 batches: %4. That epoch is not charted or in metrics.csv; "
              "loading the run's last.ckpt continues it.")
        .arg(result.stoppedInEpoch)
        .arg(result.stoppedAfterBatches)
        .arg(m_runInfo.batchesPerEpoch)
        .arg(best);
}

void TrainingPage::showFinished(const engine::RunResult& result)
{
    if (!result.lastCheckpointPath.empty() && std::filesystem::exists(result.lastCheckpointPath))
        m_document->setCheckpointPath(QString::fromStdString(result.lastCheckpointPath.string()));
    QString message = endText(result);
    if (!result.weightsPath.empty())
        message += QLatin1Char(' ')
            + tr("Weights and metrics in %1").arg(QString::fromStdString(result.weightsPath.parent_path().string()));
    showRunEnd(message, false);
}

QStringList TrainingPage::exportCharts(const QString& folder)
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
    showStatus(tr("Exported %n file(s) to %1", nullptr, static_cast<int>(written.size())).arg(folder), 10000);
    return written;
}

bool TrainingPage::startTraining()
{
    if (m_bridge->isRunning())
        return false;
    const ModelDocument* model = m_document->model();
    QString problem;
    if (m_document->datasetName().isEmpty())
        problem = tr("Open a dataset folder first (File → Open Dataset Folder…).");
    else if (!model->analysis().valid())
        problem
            = tr("Fix the model first: %1").arg(EngineText::problem(model->analysis().problems.front(), model->spec()));
    if (!problem.isEmpty()) {
        m_runMessage->setText(problem);
        m_runMessage->setStyleSheet(kFailureStyle);
        Q_EMIT showRequested();
        return false;
    }
    engine::TrainConfig config = m_document->config();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    try {
        config.outDir = engine::createRunFolder(engine::userDataDir() / "runs", stamp.toStdString());
    } catch (const engine::Error& e) {
        m_runMessage->setText(EngineText::error(e));
        m_runMessage->setStyleSheet(kFailureStyle);
        return false;
    }
    // The window's box decides, whatever folder an opened checkpoint or a cloned run carried:
    // each run writes into its own folder, never into an earlier run's.
    config.tensorboardDir
        = TrainingSettingsPanel::writesTensorBoard() ? config.outDir / "tensorboard" : std::filesystem::path();
    m_runFolder = QString::fromStdString(config.outDir.string());
    m_runMessage->setStyleSheet(QString());
    Q_EMIT showRequested();
    // A loaded checkpoint is continued once; the new run writes its own checkpoints.
    m_bridge->start(QString::fromStdString(m_document->dataFolder().string()), m_document->dataOptions(), model->spec(),
        config, m_document->resume());
    m_document->setResume(std::nullopt);
    updateActions();
    return true;
}

void TrainingPage::updateActions()
{
    const bool running = m_bridge->isRunning();
    m_start->setEnabled(!running);
    m_pause->setEnabled(running);
    m_stop->setEnabled(running);
    m_pause->setText(m_bridge->isPaused() ? tr("&Resume") : tr("&Pause"));
    m_start->setText(m_document->resume() ? tr("&Continue Training") : tr("&Start Training"));
}

void TrainingPage::showBatches(const BatchMetricsList& batches)
{
    m_charts->addBatches(batches);
    if (batches.isEmpty())
        return;
    // The status bar is text for people: two updates a second are plenty, and each costs a repaint
    // (one every two seconds over a network display, where each repaint travels as an image).
    const qint64 statusInterval = m_charts->remoteDisplay() ? 2000 : 500;
    if (m_statusClock.isValid() && m_statusClock.elapsed() < statusInterval
        && batches.back().batch != batches.back().batchesPerEpoch)
        return;
    m_statusClock.start();
    m_lastBatch = batches.back();
    m_progress->setValue(static_cast<int>(m_lastBatch.step + 1));
    // Batches already on their way arrive after a pause: the label keeps saying it is paused.
    m_progressLabel->setText(progressText(!m_bridge->isPaused()));
}

// A status bar lays itself out again, and repaints all of its width, whenever a label in it asks for
// another size: the progress text, which changes every second while a run trains, keeps the width of
// its longest form meanwhile, so only its own few pixels are drawn again (over a network display,
// the status bar's full width each second was the largest share of the traffic).
void TrainingPage::holdProgressWidth(bool hold)
{
    if (!hold) {
        m_progressLabel->setMinimumSize(0, 0);
        m_progressLabel->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
        return;
    }
    const QString widest = tr("Epoch %1/%2 · batch %3/%4 · %5 img/s · ETA %6")
                               .arg(8888)
                               .arg(8888)
                               .arg(88888)
                               .arg(88888)
                               .arg(QLocale().toString(888888))
                               .arg(QStringLiteral("8888:88"));
    const QFontMetrics metrics(m_progressLabel->font());
    m_progressLabel->setFixedSize(
        metrics.horizontalAdvance(widest) + 2 * metrics.averageCharWidth(), m_progressLabel->sizeHint().height());
}

// "Epoch 2/5 · batch 120/391 · 2,310 img/s · ETA 3:05", or "Paused · epoch 2/5 · batch 120/391".
QString TrainingPage::progressText(bool withRate) const
{
    const engine::BatchMetrics& last = m_lastBatch;
    if (!withRate)
        return tr("Paused · epoch %1/%2 · batch %3/%4")
            .arg(last.epoch)
            .arg(m_runInfo.epochs)
            .arg(last.batch)
            .arg(last.batchesPerEpoch);
    const qint64 done = last.step + 1;
    const qint64 total = static_cast<qint64>(m_runInfo.epochs) * m_runInfo.batchesPerEpoch;
    const double trained = static_cast<double>(m_runClock.elapsed() - m_pausedMs) / 1000.0;
    const auto remaining = static_cast<qint64>(trained / static_cast<double>(done) * static_cast<double>(total - done));
    return tr("Epoch %1/%2 · batch %3/%4 · %5 img/s · ETA %6")
        .arg(last.epoch)
        .arg(m_runInfo.epochs)
        .arg(last.batch)
        .arg(last.batchesPerEpoch)
        .arg(QLocale().toString(last.imagesPerSecond, 'f', 0))
        .arg(QStringLiteral("%1:%2").arg(remaining / 60).arg(remaining % 60, 2, 10, QLatin1Char('0')));
}

void TrainingPage::showPaused(bool paused)
{
    updateActions();
    if (paused) {
        m_pauseClock.start();
        m_progressLabel->setText(progressText(false));
        showStatus(tr("Paused: press Resume (F6) to go on, or Stop to end the run"), 0);
        return;
    }
    if (m_pauseClock.isValid())
        m_pausedMs += m_pauseClock.elapsed();
    m_pauseClock.invalidate();
    m_progressLabel->setText(m_lastBatch.batchesPerEpoch > 0 ? progressText(true) : tr("Starting…"));
    showStatus(tr("Resumed"), 3000);
}

void TrainingPage::showRunEnd(const QString& message, bool failure)
{
    m_runMessage->setText(message);
    m_runMessage->setStyleSheet(failure ? kFailureStyle : QString());
    // The words before the colon ("Finished", "Stopped in epoch 2 …"): Chinese ends them with "：".
    static const QRegularExpression colon(QStringLiteral("[:\uFF1A]"));
    m_progressLabel->setText(failure ? tr("Training failed") : message.section(colon, 0, 0));
    showStatus(message, 10000);
    if (failure)
        engine::logger()->warn("{}", message.toStdString());
    else
        engine::logger()->info("{}", message.toStdString());
}

void TrainingPage::report(const QString& message, bool failure)
{
    showStatus(message, 15000);
    if (failure) {
        m_runMessage->setText(message);
        m_runMessage->setStyleSheet(kFailureStyle);
        engine::logger()->warn("{}", message.toStdString());
    } else {
        engine::logger()->info("{}", message.toStdString());
    }
}

void TrainingPage::showStatus(const QString& message, int timeoutMs)
{
    // A message runs up to the permanent widgets on the right (dataset, device, progress), which
    // would cut it off mid-word: it is elided to the room left, with the whole of it as the tooltip.
    // Before the window shows there is no layout to elide to (Qt then clips at the permanent widgets).
    QStatusBar* bar = m_views.statusBar;
    if (!bar->isVisible()) {
        bar->showMessage(message, timeoutMs);
        bar->setToolTip(QString());
        return;
    }
    int room = bar->width() - 24;
    for (QWidget* child : bar->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
        if (child->isVisible() && child->x() > 0)
            room = std::min(room, child->x() - 16);
    const QString shown = bar->fontMetrics().elidedText(message, Qt::ElideRight, std::max(room, 80));
    bar->showMessage(shown, timeoutMs);
    bar->setToolTip(shown == message ? QString() : message);
}

void TrainingPage::stopAndWait()
{
    m_bridge->stopAndWait();
}

QString TrainingPage::commandLine() const
{
    std::vector<std::string> words{"cnnwb", "train"};
    if (!m_document->path().isEmpty() && !m_document->isModified()) {
        words.insert(words.end(), {"--experiment", m_document->path().toStdString()});
    } else {
        const std::vector<std::string> arguments = engine::trainArguments(m_document->experiment());
        words.insert(words.end(), arguments.begin(), arguments.end());
    }
    return QString::fromStdString(engine::shellCommand(words));
}

LrFinderDialog* TrainingPage::findLearningRate(const engine::LrFinderOptions& options)
{
    if (m_document->datasetName().isEmpty()) {
        report(tr("Open a dataset folder first (File → Open Dataset Folder…)."), true);
        return nullptr;
    }
    auto* dialog = new LrFinderDialog({m_document->dataFolder(), m_document->dataOptions()},
        m_document->model()->spec(), m_document->config(), options, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LrFinderDialog::rateChosen, this, [this](double rate) {
        engine::TrainConfig config = m_document->config();
        config.learningRate = rate;
        m_document->setConfig(config);
        report(tr("Learning rate set to %1.").arg(rate, 0, 'g', 3), false);
    });
    dialog->show();
    dialog->start();
    return dialog;
}

ClusterLaunchDialog* TrainingPage::runOnCluster()
{
    engine::Experiment experiment = m_document->experiment();
    const QString path = m_document->path();
    QString name = path.isEmpty() ? QString::fromStdString(experiment.model.name) : QFileInfo(path).completeBaseName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("-"));
    const QString folder = QString::fromStdString((engine::userDataDir() / "cluster").string()) + QLatin1Char('/')
        + name + QLatin1Char('-') + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"));
    auto* dialog = new ClusterLaunchDialog(std::move(experiment), folder, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ClusterLaunchDialog::filesWritten, this, [](const QStringList& files) {
        engine::logInfo({QT_TRANSLATE_NOOP("EngineText", "wrote the cluster launch files: %1"),
            {files.join(QStringLiteral(", ")).toStdString()}});
    });
    dialog->show();
    return dialog;
}

void TrainingPage::showCheckpoint(const QString& path, const engine::CheckpointInfo& info)
{
    const engine::TrainConfig& config = m_document->config();
    engine::RunInfo runInfo;
    runInfo.epochs = config.epochs;
    runInfo.trainCount = info.dataset.trainCount;
    runInfo.testCount = info.dataset.testCount;
    runInfo.batchesPerEpoch
        = static_cast<int>((info.dataset.trainCount + config.batchSize - 1) / std::max(1, config.batchSize));
    m_charts->reset(runInfo);
    for (const engine::EpochMetrics& epoch : info.history)
        m_charts->addEpoch(epoch);
    ResultsPage* results = m_views.results;
    results->clear();
    QStringList classNames;
    for (const std::string& name : info.dataset.classNames)
        classNames << QString::fromStdString(name);
    results->setClassNames(classNames);
    for (const engine::EpochMetrics& epoch : info.history)
        results->addEpoch(epoch);
    const std::filesystem::path& dataFolder = info.experiment.dataFolder;
    std::error_code ec;
    if (!dataFolder.empty() && std::filesystem::exists(dataFolder, ec))
        results->loadGallery(path.toStdString(), dataFolder);
    m_views.insight->loadCheckpoint(path.toStdString(), dataFolder);
    m_views.health->loadRunFolder(std::filesystem::path(path.toStdString()).parent_path());
    m_diagnoses->reset();
    Q_EMIT showRequested();
    const QString best = info.bestEpoch > 0 ? tr(" Best test accuracy %1 % in epoch %2.")
                                                  .arg(QLocale().toString(100.0 * info.bestTestAccuracy, 'f', 2))
                                                  .arg(info.bestEpoch)
                                            : QString();
    m_runMessage->setStyleSheet(QString());
    m_runMessage->setText(tr("Checkpoint loaded: %1 (trained on %2).%3 Start continues this run up to the epochs "
                             "set on the right; File → New Experiment starts afresh.")
                              .arg(EngineText::checkpointPosition(info), EngineText::dataset(info.dataset), best));
}

} // namespace cnnwb::ui
