#pragma once

#include "ui/training/training_types.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/lr_finder.h"

#include <QElapsedTimer>
#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QStatusBar;
class QToolBar;

namespace cnnwb::ui {

class ClusterLaunchDialog;
class DiagnosisBanner;
class ExperimentDocument;
class HealthPage;
class FileDialogs;
class InsightPage;
class LrFinderDialog;
class ResultsPage;
class RunsPage;
class TrainingBridge;
class TrainingCharts;
class TrainingSettingsPanel;

/// The Training tab and what belongs to it: the settings, the live charts and the run message, the
/// Train menu's actions (Start / Pause / Stop, Find Learning Rate, Run on a Cluster, the command
/// line, chart and CSV export), the progress shown in the status bar, and the training bridge with
/// everything its signals update (charts, Results, Insight, Runs, the checkpoint Save/Export use).
class TrainingPage : public QWidget {
    Q_OBJECT
public:
    /// The pages and the status bar are the window's; the page reports to them.
    struct Views {
        ResultsPage* results;
        InsightPage* insight;
        HealthPage* health;
        RunsPage* runs;
        QStatusBar* statusBar;
        const FileDialogs* dialogs;
    };

    TrainingPage(ExperimentDocument* document, engine::DeviceInfo devices, Views views, QWidget* parent = nullptr);
    ~TrainingPage() override;
    TrainingPage(const TrainingPage&) = delete;
    TrainingPage& operator=(const TrainingPage&) = delete;

    /// The Train menu's entries, in order.
    void addActionsTo(QMenu* train);
    /// Start, Pause and Stop as a tool bar (made once).
    QToolBar* toolBar();

    [[nodiscard]] TrainingBridge* bridge() const { return m_bridge; }
    [[nodiscard]] TrainingCharts* charts() const { return m_charts; }
    [[nodiscard]] TrainingSettingsPanel* settings() const { return m_settings; }
    [[nodiscard]] QAction* startAction() const { return m_start; }
    [[nodiscard]] QAction* pauseAction() const { return m_pause; }
    [[nodiscard]] QAction* stopAction() const { return m_stop; }
    [[nodiscard]] QLabel* progressLabel() const { return m_progressLabel; }
    [[nodiscard]] QProgressBar* progressBar() const { return m_progress; }
    [[nodiscard]] QLabel* runMessage() const { return m_runMessage; }
    [[nodiscard]] DiagnosisBanner* diagnosisBanner() const { return m_diagnoses; }

    /// Checks the dataset and the model, then trains on the worker thread. Returns false (saying
    /// why in the run message) when it cannot start.
    bool startTraining();
    /// Loss, accuracy and learning-rate charts as PNG and SVG, plus metrics.csv, into `folder`.
    QStringList exportCharts(const QString& folder);
    /// The range test in a dialog (it deletes itself when closed).
    LrFinderDialog* findLearningRate(const engine::LrFinderOptions& options = {});
    /// The experiment plus torchrun and Slurm scripts, written by a dialog (it deletes itself).
    ClusterLaunchDialog* runOnCluster();
    /// The `cnnwb train ...` line that runs this experiment from a terminal.
    [[nodiscard]] QString commandLine() const;
    /// A loaded checkpoint's history in the charts, Results and Insight, and what Start will do.
    void showCheckpoint(const QString& path, const engine::CheckpointInfo& info);
    /// A message in the status bar (and, for a failure, in red on this page) and the log.
    void report(const QString& message, bool failure);
    /// A passing message in the status bar only.
    void showStatus(const QString& message, int timeoutMs);
    /// Stops a run and joins its thread (the window closes).
    void stopAndWait();
    /// Drawing for a network display: charts every few seconds, the status bar every 2 s, no
    /// animations (DisplayLink::detect() chooses at start; View → Network Display Mode changes it).
    void setNetworkDisplay(bool network);
    [[nodiscard]] bool networkDisplay() const;

Q_SIGNALS:
    /// The page wants to be the visible tab (a run starts or cannot, a checkpoint was loaded).
    void showRequested();
    /// The diagnosis line's link: show the Health page.
    void healthRequested();

private:
    void createActions();
    void connectRun();
    void connectRunEnd();
    void connectHealth();
    void updateActions();
    void showStart(const engine::RunInfo& info);
    void showBatches(const BatchMetricsList& batches);
    void showFinished(const engine::RunResult& result);
    void showRunEnd(const QString& message, bool failure);
    [[nodiscard]] QString endText(const engine::RunResult& result) const;
    void showPaused(bool paused);
    [[nodiscard]] QString progressText(bool withRate) const;
    void holdProgressWidth(bool hold);
    void takeLastCheckpoint();
    [[nodiscard]] QString lastCheckpoint() const;

    ExperimentDocument* m_document;
    engine::DeviceInfo m_devices;
    Views m_views;
    TrainingBridge* m_bridge;
    TrainingCharts* m_charts;
    TrainingSettingsPanel* m_settings;
    QLabel* m_runMessage;
    DiagnosisBanner* m_diagnoses;
    QLabel* m_progressLabel;
    QProgressBar* m_progress;
    QToolBar* m_toolBar = nullptr;
    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_stop = nullptr;
    engine::RunInfo m_runInfo;
    QElapsedTimer m_runClock;
    QElapsedTimer m_statusClock;
    QElapsedTimer m_pauseClock;
    qint64 m_pausedMs = 0;            ///< time spent paused this run: not training time
    engine::BatchMetrics m_lastBatch; ///< the newest batch shown
    QString m_runFolder;
};

} // namespace cnnwb::ui
