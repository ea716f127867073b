#pragma once

#include "ui/app/experiment_document.h"
#include "ui/app/file_actions.h"
#include "ui/common/file_dialogs.h"
#include "ui/model/model_document.h"
#include "ui/training/checkpoint_actions.h"
#include "ui/training/training_page.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/export/onnx_export.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/train/lr_finder.h"

#include <QMainWindow>

#include <filesystem>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QTabWidget;

namespace cnnwb::ui {

class CheckpointActions;
class ClusterLaunchDialog;
class DataPage;
class ExperimentDocument;
class ExperimentOverview;
class FileActions;
class GuidedTour;
class HealthPage;
class InsightPage;
class LayerInspector;
class LayerStackEditor;
class LogEmitter;
class LogPanel;
class LrFinderDialog;
class ModelDocument;
class ResultsPage;
class RunsPage;
class SweepPage;
class TrainingBridge;
class TrainingCharts;
class TrainingPage;
class TrainingSettingsPanel;
class WeightsChooser;

/// The workbench's main window. It assembles: the experiment document, the pages that show and
/// edit it (Data, Model, Training, Results, Insight, Health, Runs, Sweep), the menus from the pages' and the file
/// and checkpoint actions, the log dock, and a status bar that says which device training would
/// use (and, when CUDA is not usable, why). The methods below forward to their owners, for
/// app/gui_main.cpp and the tests.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// `devices` comes from engine::probeDevices(); tests pass their own.
    explicit MainWindow(engine::DeviceInfo devices, QWidget* parent = nullptr);
    ~MainWindow() override;

    MainWindow(const MainWindow&) = delete;
    MainWindow& operator=(const MainWindow&) = delete;

    /// The dataset folder of the experiment (see ExperimentDocument::setDataFolder).
    void openDataset(const std::filesystem::path& folder) { m_files->openDataset(folder); }
    /// File → Open / Save As without their dialogs. Return false (after telling the user) on failure.
    bool openExperiment(const QString& path) { return m_files->openExperiment(path); }
    bool saveExperimentAs(const QString& path) { return m_files->saveExperimentAs(path); }
    /// File → New: the seed CNN on the current dataset, no file.
    void newExperiment() { m_files->newExperiment(); }
    /// Routes log lines (from the Qt log sink main installed) into the log panel.
    void connectLog(const LogEmitter* emitter);

    [[nodiscard]] ExperimentDocument* experiment() const { return m_document; }
    [[nodiscard]] QLabel* deviceStatusLabel() const { return m_deviceLabel; }
    [[nodiscard]] ExperimentOverview* overview() const { return m_overview; }
    [[nodiscard]] LayerStackEditor* layerEditor() const { return m_editor; }
    [[nodiscard]] LayerInspector* inspector() const { return m_inspector; }
    [[nodiscard]] WeightsChooser* weightsChooser() const { return m_weights; }
    [[nodiscard]] ModelDocument* document() const { return m_document->model(); }
    [[nodiscard]] LogPanel* logPanel() const { return m_logPanel; }
    [[nodiscard]] TrainingPage* trainingPage() const { return m_training; }
    [[nodiscard]] TrainingBridge* trainingBridge() const { return m_training->bridge(); }
    [[nodiscard]] TrainingCharts* charts() const { return m_training->charts(); }
    [[nodiscard]] TrainingSettingsPanel* trainingSettings() const { return m_training->settings(); }
    [[nodiscard]] DataPage* dataPage() const { return m_dataPage; }
    [[nodiscard]] ResultsPage* resultsPage() const { return m_results; }
    [[nodiscard]] InsightPage* insightPage() const { return m_insight; }
    [[nodiscard]] HealthPage* healthPage() const { return m_health; }
    /// Shows the editor of a setting a diagnosis suggests changing ("learning_rate", "layers", …).
    void showSetting(const QString& setting);
    [[nodiscard]] RunsPage* runsPage() const { return m_runs; }
    [[nodiscard]] SweepPage* sweepPage() const { return m_sweep; }
    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    /// Train → Find Learning Rate: the range test in a dialog (it deletes itself when closed).
    LrFinderDialog* findLearningRate(const engine::LrFinderOptions& options = {})
    {
        return m_training->findLearningRate(options);
    }
    /// Train → Run on a Cluster: the experiment plus torchrun and Slurm scripts (see TrainingPage).
    ClusterLaunchDialog* runOnCluster() { return m_training->runOnCluster(); }
    /// A new, unsaved experiment with a run's model, data and settings ("Clone and Tweak").
    void cloneExperiment(const engine::Experiment& experiment, const QString& runName);
    /// Help → Guided First Experiment: the walkthrough over this window (it deletes itself).
    GuidedTour* startGuidedTour();
    [[nodiscard]] QAction* startAction() const { return m_training->startAction(); }
    [[nodiscard]] QAction* pauseAction() const { return m_training->pauseAction(); }
    [[nodiscard]] QAction* stopAction() const { return m_training->stopAction(); }
    [[nodiscard]] QLabel* progressLabel() const { return m_training->progressLabel(); }
    [[nodiscard]] QLabel* runMessage() const { return m_training->runMessage(); }

    /// Train → Start (see TrainingPage::startTraining).
    bool startTraining() { return m_training->startTraining(); }
    /// Train → Export Charts without its dialog; returns the files written.
    QStringList exportCharts(const QString& folder) { return m_training->exportCharts(folder); }
    [[nodiscard]] QString experimentPath() const { return m_document->path(); }
    /// The `cnnwb train ...` line that runs this experiment from a terminal.
    [[nodiscard]] QString commandLine() const { return m_training->commandLine(); }
    /// The Python source "Show as PyTorch Code" shows (or why there is none).
    [[nodiscard]] QString pythonCode() const;

    /// File → Save / Load Checkpoint, Export ONNX / Weights without their dialogs (see CheckpointActions).
    bool saveCheckpointTo(const QString& path) { return m_checkpoints->saveCheckpointTo(path); }
    bool loadCheckpoint(const QString& path) { return m_checkpoints->loadCheckpoint(path); }
    bool exportOnnxTo(const QString& path) { return m_checkpoints->exportOnnxTo(path); }
    bool exportStateDictTo(const QString& path) { return m_checkpoints->exportStateDictTo(path); }
    /// The checkpoint Save/Export use now: the running or last run's last.ckpt, or the loaded file.
    [[nodiscard]] QString checkpointPath() const { return m_document->checkpointPath(); }
    [[nodiscard]] bool resumesCheckpoint() const { return m_document->resume().has_value(); }
    [[nodiscard]] engine::OnnxOptions onnxOptions() const { return m_checkpoints->onnxOptions(); }

    /// Replaces the file dialogs (tests): gets the title and the suggested path, returns the
    /// chosen path or an empty string for Cancel.
    using FileDialogHook = FileDialogs::Hook;
    void setFileDialogHook(FileDialogHook hook) { m_dialogs.setHook(std::move(hook)); }
    void setFileErrorHook(FileDialogs::ErrorHook hook) { m_dialogs.setErrorHook(std::move(hook)); }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* createModelPage();
    void createTabs();
    void connectPages();
    void createStatusBar();
    void createMenus();
    void createEditMenu();
    void createViewMenu();
    void createHelpMenu();
    void addPageActions(QMenu* pages);
    void addDisplayModeActions(QMenu* view);
    void updateTitle();
    void showDataset();
    void showPythonCode();
    void showAbout();
    void placeOnScreen();

    engine::DeviceInfo m_devices;
    ExperimentDocument* m_document;
    FileDialogs m_dialogs;
    FileActions* m_files;
    LayerStackEditor* m_editor;
    LayerInspector* m_inspector;
    ExperimentOverview* m_overview;
    WeightsChooser* m_weights;
    LogPanel* m_logPanel;
    QDockWidget* m_logDock;
    QLabel* m_deviceLabel;
    QLabel* m_datasetLabel;
    DataPage* m_dataPage;
    ResultsPage* m_results;
    InsightPage* m_insight;
    HealthPage* m_health;
    RunsPage* m_runs;
    SweepPage* m_sweep;
    TrainingPage* m_training;
    CheckpointActions* m_checkpoints;
    QWidget* m_modelPage = nullptr;
    QTabWidget* m_tabs = nullptr;
};

} // namespace cnnwb::ui
