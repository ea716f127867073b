#pragma once

#include <QObject>
#include <QString>

#include <filesystem>

class QMenu;
class QWidget;

namespace cnnwb::ui {

class ExperimentDocument;
class FileDialogs;

/// File → New / Open / Open Recent / Save / Save As and Open Dataset Folder: the experiment
/// document from and to files, asking before unsaved changes are lost.
class FileActions : public QObject {
    Q_OBJECT
public:
    /// `window` parents the message boxes.
    FileActions(ExperimentDocument* document, const FileDialogs* dialogs, QWidget* window);

    /// The File menu's experiment and dataset entries, in order.
    void addTo(QMenu* file);

    /// The seed CNN on the current dataset, no file.
    void newExperiment();
    /// Open / Save As without their dialogs. Return false (after telling the user) on failure.
    bool openExperiment(const QString& path);
    bool saveExperimentAs(const QString& path);
    /// Save (asking for a file when there is none).
    bool save();
    /// Offers to save unsaved changes; false when the user cancels.
    bool maybeSave();
    /// Open Dataset Folder without its dialog.
    void openDataset(const std::filesystem::path& folder);
    /// Open Dataset Folder: asks for the folder.
    void chooseDataset();

private:
    bool chooseSavePath();
    void chooseExperimentToOpen();
    void rememberRecent(const QString& path);
    void updateRecentMenu();

    ExperimentDocument* m_document;
    const FileDialogs* m_dialogs;
    QWidget* m_window;
    QMenu* m_recentMenu = nullptr;
};

} // namespace cnnwb::ui
