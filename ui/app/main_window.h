#pragma once

#include "ui/training/training_types.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/export/onnx_export.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/lr_finder.h"
#include "cnnwb/engine/train/train_config.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <filesystem>
#include <functional>
#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QToolBar;

namespace cnnwb::ui {

class ExperimentOverview;
class LayerInspector;
class LayerStackEditor;
class LogEmitter;
class LogPanel;
class ModelDocument;
class TrainingBridge;
class TrainingCharts;
class DataPage;
class GuidedTour;
class InsightPage;
class ClusterLaunchDialog;
class LrFinderDialog;
class ResultsPage;
class RunsPage;
class TrainingSettingsPanel;

/// The workbench's main window: the layer stack editor with its inspector, the dataset and training
/// settings, the log panel, the menus (File / Edit / Train / View / Help) and a status bar that says
/// which device training would use (and, when CUDA is not usable, why).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// `devices` comes from engine::probeDevices(); tests pass their own.
    explicit MainWindow(engine::DeviceInfo devices, QWidget* parent = nullptr);
    ~MainWindow() override;

    MainWindow(const MainWindow&) = delete;
    MainWindow& operator=(const MainWindow&) = delete;

    /// Inspects the folder (names, counts, shape; no pixels decoded) and makes it the experiment's
    /// dataset; the model's input follows it. A folder that is not a dataset is shown with the reason.
    void openDataset(const std::filesystem::path& folder);
    /// File → Open / Save As without their dialogs. Return false (after telling the user) on failure.
    bool openExperiment(const QString& path);
    bool saveExperimentAs(const QString& path);
    /// File → New: the seed CNN on the current dataset, no file.
    void newExperiment();
    /// Routes log lines (from the Qt log sink main installed) into the log panel.
    void connectLog(const LogEmitter* emitter);

    [[nodiscard]] QLabel* deviceStatusLabel() const { return m_deviceLabel; }
    [[nodiscard]] ExperimentOverview* overview() const { return m_overview; }
    [[nodiscard]] LayerStackEditor* layerEditor() const { return m_editor; }
    [[nodiscard]] LayerInspector* inspector() const { return m_inspector; }
    [[nodiscard]] ModelDocument* document() const { return m_document; }
    [[nodiscard]] LogPanel* logPanel() const { return m_logPanel; }
    [[nodiscard]] TrainingBridge* trainingBridge() const { return m_bridge; }
    [[nodiscard]] TrainingCharts* charts() const { return m_charts; }
    [[nodiscard]] TrainingSettingsPanel* trainingSettings() const { return m_settings; }
    [[nodiscard]] DataPage* dataPage() const { return m_dataPage; }
    [[nodiscard]] ResultsPage* resultsPage() const { return m_results; }
    [[nodiscard]] InsightPage* insightPage() const { return m_insight; }
    [[nodiscard]] RunsPage* runsPage() const { return m_runs; }
    /// Train → Find Learning Rate: the range test in a dialog (it deletes itself when closed).
    LrFinderDialog* findLearningRate(const engine::LrFinderOptions& options = {});
    /// Train → Run on a Cluster: the experiment plus torchrun and Slurm scripts, written by a
    /// dialog (it deletes itself when closed).
    ClusterLaunchDialog* runOnCluster();
    /// A new, unsaved experiment with a run's model, data and settings ("Clone and Tweak").
    void cloneExperiment(const engine::Experiment& experiment, const QString& runName);
    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    /// Help → Guided First Experiment: the walkthrough over this window (it deletes itself).
    GuidedTour* startGuidedTour();
    [[nodiscard]] QAction* startAction() const { return m_start; }
    [[nodiscard]] QAction* pauseAction() const { return m_pause; }
    [[nodiscard]] QAction* stopAction() const { return m_stop; }
    [[nodiscard]] QLabel* progressLabel() const { return m_progressLabel; }
    [[nodiscard]] QLabel* runMessage() const { return m_runMessage; }

    /// Train → Start: checks the dataset and the model, then trains on the worker thread. Returns
    /// false (saying why in the run message) when it cannot start.
    bool startTraining();
    /// Train → Export Charts without its dialog: loss, accuracy and learning-rate charts as PNG and
    /// SVG, plus metrics.csv, into `folder`. Returns the files written.
    QStringList exportCharts(const QString& folder);
    [[nodiscard]] QString experimentPath() const { return m_experimentPath; }
    /// The `cnnwb train ...` line that runs this experiment from a terminal.
    [[nodiscard]] QString commandLine() const;
    /// The Python source "Show as PyTorch Code" shows (or why there is none).
    [[nodiscard]] QString pythonCode() const;

    /// File → Save Checkpoint without its dialog: during a run, at the next batch boundary (the
    /// outcome arrives later, in the status bar); otherwise a copy of the last run's (or the
    /// loaded) checkpoint. Returns false, saying why, when there is nothing to save.
    bool saveCheckpointTo(const QString& path);
    /// File → Load Checkpoint without its dialog: shows its model, settings, dataset and charts;
    /// Start then continues that run.
    bool loadCheckpoint(const QString& path);
    /// File → Export ONNX / Export Weights without their dialogs, from the current checkpoint.
    bool exportOnnxTo(const QString& path);
    bool exportStateDictTo(const QString& path);
    /// The checkpoint Save/Export use now: the running or last run's last.ckpt, or the loaded file.
    [[nodiscard]] QString checkpointPath() const { return m_checkpointPath; }
    [[nodiscard]] bool resumesCheckpoint() const { return m_resume.has_value(); }
    [[nodiscard]] engine::OnnxOptions onnxOptions() const { return m_onnxOptions; }

    /// Replaces the file dialogs (tests): gets the title and the suggested path, returns the
    /// chosen path or an empty string for Cancel.
    using FileDialogHook = std::function<QString(const QString& title, const QString& suggested)>;
    void setFileDialogHook(FileDialogHook hook) { m_fileDialogHook = std::move(hook); }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void updateTitle();
    void updateRecentMenu();
    void rememberRecent(const QString& path);
    void chooseDataset();
    /// Model, data folder and settings of an experiment into the window (Open, Clone and Tweak).
    void applyExperiment(const engine::Experiment& experiment);
    void chooseExperimentToOpen();
    void setExperimentPath(const QString& path);
    bool save();
    bool chooseSavePath();
    bool maybeSave();
    void showPythonCode();
    void showAbout();
    void placeOnScreen();
    QWidget* createTrainingPage();
    void updateTrainingActions();
    void showBatches(const BatchMetricsList& batches);
    void showRunEnd(const QString& message, bool failure);
    void showFileMessage(const QString& message, bool failure);
    /// Loads the current checkpoint and hands it to `write`; says `success`, or `failure` (with %1
    /// for the error) or that there is nothing to export.
    bool exportFromCheckpoint(
        const QString& failure, const QString& success, const std::function<void(const engine::Checkpoint&)>& write);
    QString askSavePath(const QString& title, const QString& suggested, const QString& filter);
    QString askOpenPath(const QString& title, const QString& folder, const QString& filter);
    QString askFolder(const QString& title);
    void updateCheckpointActions();

    engine::DeviceInfo m_devices;
    std::filesystem::path m_datasetFolder;
    QString m_datasetName;
    QString m_experimentPath;
    ModelDocument* m_document;
    LayerStackEditor* m_editor;
    LayerInspector* m_inspector;
    ExperimentOverview* m_overview;
    LogPanel* m_logPanel;
    QDockWidget* m_logDock;
    QLabel* m_deviceLabel;
    QLabel* m_datasetLabel;
    QMenu* m_recentMenu = nullptr;
    TrainingBridge* m_bridge;
    TrainingCharts* m_charts;
    TrainingSettingsPanel* m_settings;
    DataPage* m_dataPage;
    ResultsPage* m_results;
    InsightPage* m_insight;
    RunsPage* m_runs;
    QStringList m_classNames;
    QWidget* m_trainingPage = nullptr;
    QToolBar* m_toolbar = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_progressLabel;
    QProgressBar* m_progress;
    QLabel* m_runMessage;
    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_stop = nullptr;
    engine::RunInfo m_runInfo;
    QElapsedTimer m_runClock;
    QElapsedTimer m_statusClock;
    bool m_settingsModified = false;
    QString m_checkpointPath;
    QString m_runFolder;
    std::optional<engine::Checkpoint> m_resume;
    engine::OnnxOptions m_onnxOptions;
    FileDialogHook m_fileDialogHook;
    QAction* m_saveCheckpoint = nullptr;
    QAction* m_exportOnnx = nullptr;
    QAction* m_exportWeights = nullptr;
};

} // namespace cnnwb::ui
