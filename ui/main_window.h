#pragma once

#include "cnnwb/engine/device_info.h"
#include "cnnwb/engine/train_config.h"

#include <QMainWindow>

#include <filesystem>

class QLabel;
class QDockWidget;

namespace cnnwb::ui {

class ExperimentOverview;
class LogEmitter;
class LogPanel;

/// The workbench's main window: menus, the experiment overview, the log panel and a status bar
/// that says which device training would use (and, when CUDA is not usable, why).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// `devices` comes from engine::probeDevices(); tests pass their own.
    explicit MainWindow(engine::DeviceInfo devices, QWidget* parent = nullptr);

    /// Inspects the folder (names, counts, shape; no pixels decoded) and shows it as the
    /// experiment's dataset. A folder that is not a dataset is shown with the reason.
    void openDataset(const std::filesystem::path& folder);
    /// Routes log lines (from the Qt log sink main installed) into the log panel.
    void connectLog(const LogEmitter* emitter);

    [[nodiscard]] QLabel* deviceStatusLabel() const { return m_deviceLabel; }
    [[nodiscard]] ExperimentOverview* overview() const { return m_overview; }
    [[nodiscard]] LogPanel* logPanel() const { return m_logPanel; }
    /// The `cnnwb train ...` line that runs this experiment from a terminal.
    [[nodiscard]] QString commandLine() const;

private:
    void createMenus();
    void updateTitle();
    void chooseDataset();
    void showAbout();
    void placeOnScreen();

    engine::DeviceInfo m_devices;
    engine::TrainConfig m_config;
    std::filesystem::path m_datasetFolder;
    QString m_datasetName;
    ExperimentOverview* m_overview;
    LogPanel* m_logPanel;
    QDockWidget* m_logDock;
    QLabel* m_deviceLabel;
    QLabel* m_datasetLabel;
};

} // namespace cnnwb::ui
