#include "ui/app/experiment_document.h"

#include "ui/common/engine_text.h"
#include "ui/model/model_document.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"

#include <QUndoStack>

namespace cnnwb::ui {

ExperimentDocument::ExperimentDocument(QObject* parent)
    : QObject(parent)
    , m_model(new ModelDocument(this))
{
    connect(m_model, &ModelDocument::changed, this, &ExperimentDocument::modelChanged);
    connect(m_model->undoStack(), &QUndoStack::cleanChanged, this, [this] { Q_EMIT modifiedChanged(isModified()); });
}

void ExperimentDocument::setConfig(const engine::TrainConfig& config)
{
    m_config = config;
    Q_EMIT configChanged(m_config);
    setSettingsModified(true);
}

void ExperimentDocument::setSweep(const engine::SweepSpec& sweep)
{
    if (sweep == m_sweep)
        return;
    m_sweep = sweep;
    setSettingsModified(true);
}

void ExperimentDocument::replaceSweep(const engine::SweepSpec& sweep)
{
    m_sweep = sweep;
    Q_EMIT sweepReplaced(m_sweep);
}

void ExperimentDocument::setDataFolder(const std::filesystem::path& folder)
{
    setDataset(folder, m_dataOptions);
}

void ExperimentDocument::setDataset(const std::filesystem::path& folder, const engine::DataOptions& options)
{
    m_dataFolder = folder;
    m_dataOptions = options;
    inspectDataset(true);
}

void ExperimentDocument::setDataOptions(const engine::DataOptions& options)
{
    if (options == m_dataOptions)
        return;
    m_dataOptions = options;
    setSettingsModified(true);
    if (!m_dataFolder.empty())
        inspectDataset(false);
}

void ExperimentDocument::inspectDataset(bool fitClasses)
{
    try {
        const engine::DatasetInfo info = engine::Dataset::inspect(m_dataFolder, m_dataOptions);
        m_dataset = info;
        m_datasetProblem.clear();
        const int classes = static_cast<int>(info.classNames.size());
        m_model->setInput(info.shape, classes);
        if (fitClasses)
            m_model->fitOutputTo(classes);
        engine::logInfo({QT_TRANSLATE_NOOP("EngineText", "dataset %1 (%2 train / %3 test images) at %4"),
            {info.name, std::to_string(info.trainCount), std::to_string(info.testCount), info.root.string()}});
    } catch (const engine::Error& e) {
        m_dataset.reset();
        m_datasetProblem = tr("This folder cannot be used: %1").arg(EngineText::error(e));
        m_model->setInput(m_model->spec().input, std::nullopt);
        engine::logWarning({QT_TRANSLATE_NOOP("EngineText", "cannot use the dataset folder %1: %2"),
            {m_dataFolder.string(), e.what()}});
    }
    Q_EMIT dataFolderChanged();
}

QString ExperimentDocument::datasetName() const
{
    return m_dataset ? QString::fromStdString(m_dataset->name) : QString();
}

QStringList ExperimentDocument::classNames() const
{
    QStringList names;
    if (m_dataset)
        for (const std::string& name : m_dataset->classNames)
            names << QString::fromStdString(name);
    return names;
}

bool ExperimentDocument::isModified() const
{
    return !m_model->undoStack()->isClean() || m_settingsModified;
}

void ExperimentDocument::markSaved(const QString& path)
{
    m_path = path;
    m_model->undoStack()->setClean();
    setSettingsModified(false);
    Q_EMIT pathChanged(m_path);
}

void ExperimentDocument::markModified()
{
    setSettingsModified(true);
}

void ExperimentDocument::setSettingsModified(bool modified)
{
    const bool before = isModified();
    m_settingsModified = modified;
    if (isModified() != before)
        Q_EMIT modifiedChanged(isModified());
}

engine::Experiment ExperimentDocument::experiment() const
{
    engine::Experiment experiment;
    experiment.model = m_model->spec();
    experiment.dataFolder = m_dataFolder;
    experiment.data = m_dataOptions;
    experiment.training = m_config;
    experiment.sweep = m_sweep;
    return experiment;
}

void ExperimentDocument::apply(const engine::Experiment& experiment)
{
    m_dataOptions = experiment.data;
    m_model->resetModel(experiment.model);
    // After the model: an experiment whose output layer does not match its folder's classes is
    // fitted to them as an edit the student can undo.
    if (!experiment.dataFolder.empty())
        setDataset(experiment.dataFolder, experiment.data);
    setConfig(experiment.training);
    replaceSweep(experiment.sweep);
    setResume(std::nullopt);
}

void ExperimentDocument::save(const QString& path)
{
    engine::saveExperiment(experiment(), path.toStdString());
    markSaved(path);
}

void ExperimentDocument::setResume(std::optional<engine::Checkpoint> checkpoint)
{
    m_resume = std::move(checkpoint);
    Q_EMIT resumeChanged(m_resume.has_value());
}

void ExperimentDocument::setCheckpointPath(const QString& path)
{
    m_checkpointPath = path;
    Q_EMIT checkpointChanged(m_checkpointPath);
}

} // namespace cnnwb::ui
