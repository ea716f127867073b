#pragma once

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/train_config.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <optional>

namespace cnnwb::ui {

class ModelDocument;

/// The open experiment, as Tiled's Document holds an open map: the model (with its undo history),
/// the training settings, the dataset folder, the file it was loaded from or saved to, the
/// checkpoint a run would continue and the one Save/Export use, and one modified flag. The pages
/// read it and write to it; each setter tells its observers once, by signal.
class ExperimentDocument : public QObject {
    Q_OBJECT
public:
    explicit ExperimentDocument(QObject* parent = nullptr);

    [[nodiscard]] ModelDocument* model() const noexcept { return m_model; }

    [[nodiscard]] const engine::TrainConfig& config() const noexcept { return m_config; }
    /// A change of settings: unsaved until the next save or load.
    void setConfig(const engine::TrainConfig& config);

    /// Inspects the folder (names, counts, shape; no pixels decoded) and makes it the dataset; the
    /// model's input follows it, and its output layer the classes (one undoable edit). A folder that
    /// is not a dataset is kept, with the reason.
    void setDataFolder(const std::filesystem::path& folder);
    /// setDataFolder() with these options (an experiment's or a checkpoint's): one inspection.
    void setDataset(const std::filesystem::path& folder, const engine::DataOptions& options);
    [[nodiscard]] const std::filesystem::path& dataFolder() const noexcept { return m_dataFolder; }
    /// How the folder's images become the dataset (input size, resize, split); a change inspects
    /// the folder again, and the model's shapes follow. Unsaved until the next save.
    void setDataOptions(const engine::DataOptions& options);
    [[nodiscard]] const engine::DataOptions& dataOptions() const noexcept { return m_dataOptions; }
    /// The inspected dataset, or nothing (then datasetProblem() says why, if there is a folder).
    [[nodiscard]] const std::optional<engine::DatasetInfo>& dataset() const noexcept { return m_dataset; }
    [[nodiscard]] const QString& datasetProblem() const noexcept { return m_datasetProblem; }
    [[nodiscard]] QString datasetName() const;
    [[nodiscard]] QStringList classNames() const;

    [[nodiscard]] const QString& path() const noexcept { return m_path; }
    /// Unsaved model edits or settings changes since the last load or save.
    [[nodiscard]] bool isModified() const;
    /// What is shown now is what `path` holds (or, without a file, the starting point).
    void markSaved(const QString& path);
    /// Unsaved on purpose (a clone of a run): modified although nothing was edited.
    void markModified();

    /// The sweep the Sweep page defines (part of the file); empty = none.
    [[nodiscard]] const engine::SweepSpec& sweep() const noexcept { return m_sweep; }
    /// A change of the sweep (or its view settings): unsaved until the next save.
    void setSweep(const engine::SweepSpec& sweep);
    /// A sweep from elsewhere (a file, a clone, File → New): the Sweep page shows it (sweepReplaced).
    void replaceSweep(const engine::SweepSpec& sweep);

    /// The model, the data folder and the settings, as a file stores them.
    [[nodiscard]] engine::Experiment experiment() const;
    /// Model, data folder and settings of an experiment (Open, Clone and Tweak); no run to continue.
    void apply(const engine::Experiment& experiment);
    /// Writes experiment() to `path` and marks it saved. Throws engine::Error.
    void save(const QString& path);

    /// The checkpoint Start continues (once), if any.
    [[nodiscard]] const std::optional<engine::Checkpoint>& resume() const noexcept { return m_resume; }
    void setResume(std::optional<engine::Checkpoint> checkpoint);
    /// The checkpoint Save/Export use: the running or last run's last.ckpt, or the loaded file.
    [[nodiscard]] const QString& checkpointPath() const noexcept { return m_checkpointPath; }
    void setCheckpointPath(const QString& path);

Q_SIGNALS:
    /// The model's spec or analysis changed (forwarded from ModelDocument::changed).
    void modelChanged();
    void configChanged(const cnnwb::engine::TrainConfig& config);
    /// A file's or a clone's sweep came in (not the Sweep page's own edits).
    void sweepReplaced(const cnnwb::engine::SweepSpec& sweep);
    void dataFolderChanged();
    void pathChanged(const QString& path);
    void modifiedChanged(bool modified);
    void resumeChanged(bool resumes);
    void checkpointChanged(const QString& path);

private:
    void setSettingsModified(bool modified);
    /// Inspects the data folder with the options and fits the model's input (and, when `fitClasses`,
    /// its output layer) to it.
    void inspectDataset(bool fitClasses);

    ModelDocument* m_model;
    engine::TrainConfig m_config;
    engine::SweepSpec m_sweep;
    std::filesystem::path m_dataFolder;
    engine::DataOptions m_dataOptions;
    std::optional<engine::DatasetInfo> m_dataset;
    QString m_datasetProblem;
    QString m_path;
    bool m_settingsModified = false;
    std::optional<engine::Checkpoint> m_resume;
    QString m_checkpointPath;
};

} // namespace cnnwb::ui
