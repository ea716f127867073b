#include "ui/training/checkpoint_actions.h"

#include "ui/app/experiment_document.h"
#include "ui/app/file_actions.h"
#include "ui/common/engine_text.h"
#include "ui/common/file_dialogs.h"
#include "ui/model/model_document.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_page.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/export/checkpoint_export.h"

#include <QActionGroup>
#include <QMenu>

namespace cnnwb::ui {

CheckpointActions::CheckpointActions(ExperimentDocument* document, TrainingPage* training, FileActions* files,
    const FileDialogs* dialogs, QObject* parent)
    : QObject(parent)
    , m_document(document)
    , m_training(training)
    , m_files(files)
    , m_dialogs(dialogs)
{
    connect(m_document, &ExperimentDocument::checkpointChanged, this, &CheckpointActions::updateActions);
    connect(m_training->bridge(), &TrainingBridge::runningChanged, this, &CheckpointActions::updateActions);
}

void CheckpointActions::addTo(QMenu* file)
{
    QAction* load = file->addAction(tr("&Load Checkpoint…"), this, &CheckpointActions::chooseCheckpointToLoad);
    load->setObjectName(QStringLiteral("LoadCheckpointAction"));
    load->setStatusTip(tr("Open a saved training state; Start continues it exactly where it stopped"));
    m_saveCheckpoint = file->addAction(tr("Save &Checkpoint…"), this, [this] {
        const QString path = m_dialogs->savePath(
            tr("Save Checkpoint"), QStringLiteral("checkpoint.ckpt"), tr("CNN Workbench checkpoints (*.ckpt)"));
        if (!path.isEmpty())
            saveCheckpointTo(path);
    });
    m_saveCheckpoint->setObjectName(QStringLiteral("SaveCheckpointAction"));
    m_saveCheckpoint->setStatusTip(
        tr("Save the model, optimizer and position of the run, to continue it later or elsewhere"));
    m_exportOnnx = file->addAction(tr("E&xport ONNX…"), this, [this] {
        const QString path
            = m_dialogs->savePath(tr("Export ONNX"), QStringLiteral("model.onnx"), tr("ONNX models (*.onnx)"));
        if (!path.isEmpty())
            exportOnnxTo(path);
    });
    m_exportOnnx->setObjectName(QStringLiteral("ExportOnnxAction"));
    m_exportOnnx->setStatusTip(tr("Write the trained model for ONNX Runtime, OpenCV and other inference engines"));
    addOnnxOptions(file);
    m_exportWeights = file->addAction(tr("Export &Weights for PyTorch…"), this, [this] {
        const QString path
            = m_dialogs->savePath(tr("Export Weights"), QStringLiteral("model.pth"), tr("PyTorch state dicts (*.pth)"));
        if (!path.isEmpty())
            exportStateDictTo(path);
    });
    m_exportWeights->setStatusTip(
        tr("A state dict for the nn.Sequential that View → Show as PyTorch Code prints (torch.load)"));
    updateActions();
}

void CheckpointActions::addOnnxOptions(QMenu* file)
{
    QMenu* options = file->addMenu(tr("ONNX Export O&ptions"));
    auto* opsets = new QActionGroup(this);
    for (int opset = engine::kOnnxMinOpset; opset <= engine::kOnnxMaxOpset; ++opset) {
        QAction* action = options->addAction(tr("Opset %1").arg(opset));
        action->setCheckable(true);
        action->setChecked(opset == m_onnxOptions.opset);
        action->setObjectName(QStringLiteral("OnnxOpset%1").arg(opset));
        opsets->addAction(action);
        connect(action, &QAction::triggered, this, [this, opset] { m_onnxOptions.opset = opset; });
    }
    options->addSeparator();
    QAction* dynamicBatch = options->addAction(tr("Dynamic Batch Dimension"));
    dynamicBatch->setCheckable(true);
    dynamicBatch->setChecked(m_onnxOptions.dynamicBatch);
    dynamicBatch->setObjectName(QStringLiteral("OnnxDynamicBatch"));
    connect(dynamicBatch, &QAction::toggled, this, [this](bool on) { m_onnxOptions.dynamicBatch = on; });
}

void CheckpointActions::chooseCheckpointToLoad()
{
    if (!m_files->maybeSave())
        return;
    const QString path = m_dialogs->openPath(tr("Load Checkpoint"),
        QString::fromStdString((engine::userDataDir() / "runs").string()), tr("CNN Workbench checkpoints (*.ckpt)"));
    if (!path.isEmpty())
        loadCheckpoint(path);
}

void CheckpointActions::updateActions()
{
    if (m_saveCheckpoint == nullptr)
        return;
    const bool haveCheckpoint = !m_document->checkpointPath().isEmpty();
    m_saveCheckpoint->setEnabled(haveCheckpoint || m_training->bridge()->isRunning());
    m_exportOnnx->setEnabled(haveCheckpoint);
    m_exportWeights->setEnabled(haveCheckpoint);
}

bool CheckpointActions::saveCheckpointTo(const QString& path)
{
    TrainingBridge* bridge = m_training->bridge();
    if (bridge->isRunning()) {
        bridge->requestCheckpoint(path);
        m_training->showStatus(tr("Saving a checkpoint after the current batch…"), 5000);
        return true;
    }
    const QString current = m_document->checkpointPath();
    if (current.isEmpty()) {
        m_training->report(tr("There is no checkpoint to save yet: train the model or load a checkpoint."), true);
        return false;
    }
    try {
        engine::Checkpoint::load(current.toStdString()).save(path.toStdString());
    } catch (const engine::Error& e) {
        const QString message = tr("Checkpoint not saved: %1").arg(EngineText::error(e));
        m_training->report(message, true);
        m_dialogs->fileError(tr("Save Checkpoint"), message);
        return false;
    }
    m_training->report(tr("Checkpoint saved to %1").arg(path), false);
    return true;
}

bool CheckpointActions::loadCheckpoint(const QString& path)
{
    if (m_training->bridge()->isRunning()) {
        m_training->report(tr("Stop the training before loading a checkpoint."), true);
        return false;
    }
    std::optional<engine::Checkpoint> checkpoint;
    try {
        checkpoint = engine::Checkpoint::load(path.toStdString());
    } catch (const engine::Error& e) {
        const QString message = tr("Cannot load the checkpoint: %1").arg(EngineText::error(e));
        m_training->report(message, true);
        m_dialogs->fileError(tr("Load Checkpoint"), message);
        return false;
    }
    const engine::CheckpointInfo info = checkpoint->info();
    const std::filesystem::path dataFolder = info.experiment.dataFolder;
    std::error_code ec;
    const bool haveData = !dataFolder.empty() && std::filesystem::exists(dataFolder, ec);
    if (haveData)
        m_document->setDataset(dataFolder, info.experiment.data);
    m_document->model()->resetModel(info.experiment.model);
    engine::TrainConfig config = info.experiment.training;
    if (info.batch == 0 && info.epoch > config.epochs)
        config.epochs = info.epoch - 1 + std::max(1, config.epochs / 2); // finished: offer more epochs to continue
    m_document->setConfig(config);
    m_document->markSaved({});
    m_training->showCheckpoint(path, info);
    m_document->setResume(std::move(checkpoint));
    m_document->setCheckpointPath(path);
    if (!haveData)
        m_training->report(tr("The checkpoint's dataset folder %1 is not there: open the same dataset (File → Open "
                              "Dataset Folder) to continue training.")
                               .arg(QString::fromStdString(dataFolder.string())),
            true);
    engine::logInfo(
        {QT_TRANSLATE_NOOP("EngineText", "loaded checkpoint %1 (%2)"), {path.toStdString(), info.positionPhrase()}});
    return true;
}

bool CheckpointActions::exportFromCheckpoint(
    const QString& failure, const QString& success, const std::function<void(const engine::Checkpoint&)>& write)
{
    const QString current = m_document->checkpointPath();
    if (current.isEmpty()) {
        m_training->report(tr("There is nothing to export yet: train the model or load a checkpoint."), true);
        return false;
    }
    try {
        write(engine::Checkpoint::load(current.toStdString()));
    } catch (const engine::Error& e) {
        const QString message = failure.arg(EngineText::error(e));
        m_training->report(message, true);
        m_dialogs->fileError(tr("Export"), message);
        return false;
    }
    m_training->report(success, false);
    return true;
}

bool CheckpointActions::exportOnnxTo(const QString& path)
{
    return exportFromCheckpoint(tr("ONNX export failed: %1"),
        tr("ONNX model (opset %1, %2 batch) written to %3")
            .arg(m_onnxOptions.opset)
            .arg(m_onnxOptions.dynamicBatch ? tr("dynamic") : tr("fixed"))
            .arg(path),
        [&](const engine::Checkpoint& checkpoint) {
            engine::exportCheckpointOnnx(checkpoint, path.toStdString(), m_onnxOptions);
        });
}

bool CheckpointActions::exportStateDictTo(const QString& path)
{
    return exportFromCheckpoint(tr("Weights not exported: %1"),
        tr("Weights written to %1 (load with torch.load and load_state_dict)").arg(path),
        [&](const engine::Checkpoint& checkpoint) { checkpoint.saveStateDict(path.toStdString()); });
}

} // namespace cnnwb::ui
