#pragma once

#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/sweep/sweep_index.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTabWidget;

namespace cnnwb::ui {

class ExperimentDocument;
class FileDialogs;
class ImportanceView;
class LearningCurvesView;
class ParallelCoordinatesView;
class SweepBridge;
class SweepEditor;
class SweepScatterView;
class SweepTrialModel;
class TrialFilterProxy;

/// The Sweep page: define which settings to vary (the sweep is part of the experiment file), run
/// the trials as a queue (`cnnwb train` processes, K at once) into a folder, and look at them live:
/// the trial table (sortable, filterable), a parallel-coordinates plot whose brushes filter the
/// table, best accuracy against a setting, the learning curves overlaid and which settings
/// mattered. A trial opens as an experiment of its own. View settings are kept with the sweep.
class SweepPage : public QWidget {
    Q_OBJECT
public:
    SweepPage(ExperimentDocument* document, FileDialogs* dialogs, QWidget* parent = nullptr);
    ~SweepPage() override;
    SweepPage(const SweepPage&) = delete;
    SweepPage& operator=(const SweepPage&) = delete;

    /// Run: the document's experiment with the sweep the editor defines, into the folder box's
    /// folder (continuing the sweep there, if it is this one). False (with the reason shown) when
    /// the sweep cannot start.
    bool startSweep();
    void stopSweep();
    /// Shows the sweep in `folder` (running elsewhere or finished), as its index and trials say.
    bool openSweep(const QString& folder);
    /// The selected trial (or the best) as an experiment of its own.
    void openSelectedTrial();

    /// The lower views' tab: "trials", "curves" or "scatter".
    void showView(const QString& name);
    [[nodiscard]] SweepEditor* editor() const { return m_editor; }
    [[nodiscard]] SweepBridge* bridge() const { return m_bridge; }
    [[nodiscard]] QTableView* trialTable() const { return m_table; }
    [[nodiscard]] TrialFilterProxy* trialFilter() const { return m_proxy; }
    [[nodiscard]] ParallelCoordinatesView* parallelCoordinates() const { return m_parallel; }
    [[nodiscard]] SweepScatterView* scatter() const { return m_scatter; }
    [[nodiscard]] LearningCurvesView* curves() const { return m_curves; }
    [[nodiscard]] ImportanceView* importance() const { return m_importance; }
    [[nodiscard]] QLineEdit* folderEdit() const { return m_folder; }
    [[nodiscard]] QLabel* statusLabel() const { return m_status; }
    [[nodiscard]] const engine::SweepIndex& index() const noexcept;

Q_SIGNALS:
    /// "Open as Experiment": a trial's experiment, to become the window's (as Clone and Tweak does).
    void openTrialRequested(const cnnwb::engine::Experiment& experiment, const QString& trialName);

private:
    [[nodiscard]] QWidget* createSidePanel();
    [[nodiscard]] QWidget* createViews();
    void connectViews();
    void observeDocument();
    void showIndex(const engine::SweepIndex& index);
    void showStatus(const engine::SweepIndex& index);
    void saveViewSettings();
    void applyViewSettings(const std::string& view);
    void chooseFolder();
    [[nodiscard]] QString defaultFolder() const;

    ExperimentDocument* m_document;
    FileDialogs* m_dialogs;
    SweepBridge* m_bridge;
    SweepEditor* m_editor;
    ImportanceView* m_importance;
    QLineEdit* m_folder;
    QPushButton* m_run;
    QPushButton* m_stop;
    QPushButton* m_openTrial;
    QLabel* m_status;
    SweepTrialModel* m_model;
    TrialFilterProxy* m_proxy;
    QTableView* m_table;
    QLineEdit* m_filter;
    ParallelCoordinatesView* m_parallel;
    SweepScatterView* m_scatter;
    LearningCurvesView* m_curves;
    QTabWidget* m_lower;
    bool m_applyingView = false;
};

} // namespace cnnwb::ui
