#pragma once

#include "cnnwb/engine/export/onnx_export.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <QObject>

#include <functional>

class QAction;
class QMenu;

namespace cnnwb::ui {

class ExperimentDocument;
class FileActions;
class FileDialogs;
class TrainingPage;

/// File → Load / Save Checkpoint, Export ONNX (with its options) and Export Weights: a training
/// state to continue, and the trained model for other programs, from the document's checkpoint.
class CheckpointActions : public QObject {
    Q_OBJECT
public:
    CheckpointActions(ExperimentDocument* document, TrainingPage* training, FileActions* files,
        const FileDialogs* dialogs, QObject* parent = nullptr);

    /// The File menu's checkpoint entries, in order.
    void addTo(QMenu* file);

    /// During a run, at the next batch boundary (the outcome arrives later, in the status bar);
    /// otherwise a copy of the last run's (or the loaded) checkpoint. Returns false, saying why,
    /// when there is nothing to save.
    bool saveCheckpointTo(const QString& path);
    /// Shows its model, settings, dataset and charts; Start then continues that run.
    bool loadCheckpoint(const QString& path);
    bool exportOnnxTo(const QString& path);
    bool exportStateDictTo(const QString& path);
    [[nodiscard]] engine::OnnxOptions onnxOptions() const { return m_onnxOptions; }

private:
    void addOnnxOptions(QMenu* file);
    void chooseCheckpointToLoad();
    void updateActions();
    /// Loads the current checkpoint and hands it to `write`; says `success`, or `failure` (with %1
    /// for the error) or that there is nothing to export.
    bool exportFromCheckpoint(
        const QString& failure, const QString& success, const std::function<void(const engine::Checkpoint&)>& write);

    ExperimentDocument* m_document;
    TrainingPage* m_training;
    FileActions* m_files;
    const FileDialogs* m_dialogs;
    engine::OnnxOptions m_onnxOptions;
    QAction* m_saveCheckpoint = nullptr;
    QAction* m_exportOnnx = nullptr;
    QAction* m_exportWeights = nullptr;
};

} // namespace cnnwb::ui
