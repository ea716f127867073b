#include "ui/app/file_actions.h"

#include "ui/app/experiment_document.h"
#include "ui/common/engine_text.h"
#include "ui/common/file_dialogs.h"
#include "ui/model/model_document.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/model/presets.h"

#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QWidget>

namespace cnnwb::ui {
namespace {

constexpr int kMaxRecentFiles = 8;
const QString kRecentKey = QStringLiteral("recentExperiments");

} // namespace

FileActions::FileActions(ExperimentDocument* document, const FileDialogs* dialogs, QWidget* window)
    : QObject(window)
    , m_document(document)
    , m_dialogs(dialogs)
    , m_window(window)
{
    connect(m_document, &ExperimentDocument::pathChanged, this, [this](const QString& path) {
        if (!path.isEmpty())
            rememberRecent(path);
    });
}

void FileActions::addTo(QMenu* file)
{
    file->addAction(tr("&New Experiment"), QKeySequence::New, this, [this] {
        if (maybeSave())
            newExperiment();
    });
    file->addAction(tr("&Open Experiment…"), QKeySequence::Open, this, &FileActions::chooseExperimentToOpen);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("&Save"), QKeySequence::Save, this, &FileActions::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &FileActions::chooseSavePath);
    file->addSeparator();
    QAction* openData = file->addAction(tr("Open &Dataset Folder…"), this, &FileActions::chooseDataset);
    openData->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openData->setStatusTip(tr("Use a CIFAR-10, MNIST/Fashion-MNIST or ImageFolder dataset"));
    updateRecentMenu();
}

void FileActions::newExperiment()
{
    const engine::Preset& seed = engine::builtInPresets().front();
    ModelDocument* model = m_document->model();
    model->resetModel(engine::adaptToDataset(seed.spec, model->spec().input, model->classCount().value_or(10)));
    m_document->setConfig(engine::TrainConfig{});
    m_document->replaceSweep({});
    m_document->setResume(std::nullopt);
    m_document->markSaved({});
}

bool FileActions::openExperiment(const QString& path)
{
    try {
        m_document->apply(engine::loadExperiment(path.toStdString()));
        m_document->markSaved(path);
        engine::logInfo({QT_TRANSLATE_NOOP("EngineText", "opened experiment %1"), {path.toStdString()}});
        return true;
    } catch (const engine::Error& e) {
        engine::logWarning({QT_TRANSLATE_NOOP("EngineText", "cannot open %1: %2"), {path.toStdString(), e.what()}});
        m_dialogs->fileError(tr("Open Experiment"), tr("Cannot open %1:\n%2").arg(path, EngineText::error(e)));
        return false;
    }
}

bool FileActions::saveExperimentAs(const QString& path)
{
    try {
        m_document->save(path);
    } catch (const engine::Error& e) {
        engine::logWarning({QT_TRANSLATE_NOOP("EngineText", "cannot save %1: %2"), {path.toStdString(), e.what()}});
        m_dialogs->fileError(tr("Save Experiment"), tr("Cannot save %1:\n%2").arg(path, EngineText::error(e)));
        return false;
    }
    engine::logInfo({QT_TRANSLATE_NOOP("EngineText", "saved experiment %1"), {path.toStdString()}});
    return true;
}

bool FileActions::save()
{
    return m_document->path().isEmpty() ? chooseSavePath() : saveExperimentAs(m_document->path());
}

bool FileActions::chooseSavePath()
{
    const QString current = m_document->path();
    QString path = m_dialogs->savePath(tr("Save Experiment"),
        current.isEmpty() ? QStringLiteral("experiment.json") : current, tr("CNN Workbench experiments (*.json)"));
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        path += QStringLiteral(".json");
    return saveExperimentAs(path);
}

void FileActions::chooseExperimentToOpen()
{
    if (!maybeSave())
        return;
    const QString path = m_dialogs->openPath(
        tr("Open Experiment"), QFileInfo(m_document->path()).path(), tr("CNN Workbench experiments (*.json)"));
    if (!path.isEmpty())
        openExperiment(path);
}

bool FileActions::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::question(m_window, tr("Unsaved Changes"),
        tr("Save the changes to this experiment?"), QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void FileActions::openDataset(const std::filesystem::path& folder)
{
    m_document->setDataFolder(folder);
}

void FileActions::chooseDataset()
{
    const QString folder
        = m_dialogs->folder(tr("Open Dataset Folder"), QString::fromStdString(m_document->dataFolder().string()));
    if (!folder.isEmpty())
        openDataset(folder.toStdString());
}

void FileActions::rememberRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecentFiles)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
    updateRecentMenu();
}

void FileActions::updateRecentMenu()
{
    if (m_recentMenu == nullptr)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent) {
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this,
                [this, path] {
                    if (maybeSave())
                        openExperiment(path);
                })
            ->setToolTip(path);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

} // namespace cnnwb::ui
