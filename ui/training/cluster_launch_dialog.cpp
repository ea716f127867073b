#include "ui/training/cluster_launch_dialog.h"

#include "ui/common/engine_text.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/layer_spec.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace cnnwb::ui {
namespace {

bool hasBatchNorm(const engine::ModelSpec& spec)
{
    return std::any_of(spec.layers.begin(), spec.layers.end(), [](const engine::LayerSpec& layer) {
        return layer.kind == engine::LayerKind::BatchNorm2d || layer.kind == engine::LayerKind::ResidualBlock;
    });
}

QPlainTextEdit* scriptView()
{
    auto* view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setMinimumHeight(180);
    return view;
}

} // namespace

ClusterLaunchDialog::ClusterLaunchDialog(engine::Experiment experiment, const QString& folder, QWidget* parent)
    : QDialog(parent)
    , m_experiment(std::move(experiment))
    , m_nodes(new QSpinBox)
    , m_gpus(new QSpinBox)
    , m_cpus(new QSpinBox)
    , m_time(new QLineEdit)
    , m_partition(new QLineEdit)
    , m_account(new QLineEdit)
    , m_jobName(new QLineEdit)
    , m_data(new QLineEdit)
    , m_container(new QLineEdit)
    , m_syncBatchNorm(new QCheckBox(tr("Synchronize BatchNorm statistics across all GPUs")))
    , m_folder(new QLineEdit(folder))
    , m_batch(new QLabel)
    , m_previews(new QTabWidget)
    , m_slurm(scriptView())
    , m_torchrun(scriptView())
    , m_status(new QLabel)
    , m_write(new QPushButton(tr("Write Files")))
    , m_copy(new QPushButton(tr("Copy torchrun Command")))
{
    setWindowTitle(tr("Run on a Cluster"));
    const engine::ClusterLaunch defaults;
    m_nodes->setRange(1, 4096);
    m_nodes->setValue(defaults.nodes);
    m_gpus->setRange(1, 64);
    m_gpus->setValue(defaults.gpusPerNode);
    m_cpus->setRange(1, 256);
    m_cpus->setValue(defaults.cpusPerGpu);
    m_time->setText(QString::fromStdString(defaults.timeLimit));
    m_time->setPlaceholderText(tr("hours:minutes:seconds"));
    m_partition->setPlaceholderText(tr("the cluster's default"));
    m_account->setPlaceholderText(tr("the cluster's default"));
    m_jobName->setText(QString::fromStdString(defaults.jobName));
    m_data->setPlaceholderText(QString::fromStdString(m_experiment.dataFolder.string()));
    m_data->setToolTip(tr("The dataset folder as the cluster's nodes see it; empty keeps the experiment's."));
    m_container->setPlaceholderText(tr("none: cnnwb from the PATH"));
    m_container->setToolTip(tr("An Apptainer image with cnnwb and torchrun, e.g. built from docker/Dockerfile."));
    m_syncBatchNorm->setChecked(m_experiment.training.syncBatchNorm);
    m_syncBatchNorm->setEnabled(hasBatchNorm(m_experiment.model));
    m_syncBatchNorm->setToolTip(tr("BatchNorm then sees the whole global batch, as on one GPU, at the cost of two "
                                   "small exchanges per BatchNorm layer and step."));

    auto* form = new QFormLayout;
    form->addRow(tr("Nodes:"), m_nodes);
    form->addRow(tr("GPUs per node:"), m_gpus);
    form->addRow(tr("CPU cores per GPU:"), m_cpus);
    form->addRow(tr("Time limit:"), m_time);
    form->addRow(tr("Partition:"), m_partition);
    form->addRow(tr("Account:"), m_account);
    form->addRow(tr("Job name:"), m_jobName);
    form->addRow(tr("Data folder on the cluster:"), m_data);
    form->addRow(tr("Container image:"), m_container);
    form->addRow(QString(), m_syncBatchNorm);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    auto* browse = new QPushButton(tr("Browse…"));
    folderRow->addWidget(browse);
    form->addRow(tr("Write into folder:"), folderRow);

    m_batch->setWordWrap(true);
    m_previews->addTab(m_slurm, tr("Slurm batch script"));
    m_previews->addTab(m_torchrun, tr("torchrun script"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox;
    buttons->addButton(m_write, QDialogButtonBox::ActionRole);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    // Named here too: Qt's own translation of "Close" is not installed everywhere.
    buttons->addButton(QDialogButtonBox::Close)->setText(tr("Close"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_batch);
    layout->addWidget(m_previews, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(760, 720);

    for (QSpinBox* box : {m_nodes, m_gpus, m_cpus})
        connect(box, &QSpinBox::valueChanged, this, &ClusterLaunchDialog::refresh);
    for (QLineEdit* edit : {m_time, m_partition, m_account, m_jobName, m_data, m_container, m_folder})
        connect(edit, &QLineEdit::textChanged, this, &ClusterLaunchDialog::refresh);
    connect(m_syncBatchNorm, &QCheckBox::toggled, this, &ClusterLaunchDialog::refresh);
    connect(browse, &QPushButton::clicked, this, &ClusterLaunchDialog::chooseFolder);
    connect(m_write, &QPushButton::clicked, this, [this] { (void)writeFiles(); });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        try {
            QApplication::clipboard()->setText(QString::fromStdString(engine::torchrunCommand(launch())));
            m_status->setText(tr("The torchrun command is on the clipboard; run it in the written folder."));
        } catch (const engine::Error&) { // refresh() already says what is wrong
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refresh();
}

engine::ClusterLaunch ClusterLaunchDialog::launch() const
{
    engine::ClusterLaunch launch;
    launch.nodes = m_nodes->value();
    launch.gpusPerNode = m_gpus->value();
    launch.cpusPerGpu = m_cpus->value();
    launch.timeLimit = m_time->text().trimmed().toStdString();
    launch.partition = m_partition->text().trimmed().toStdString();
    launch.account = m_account->text().trimmed().toStdString();
    launch.jobName = m_jobName->text().trimmed().toStdString();
    launch.dataFolder = m_data->text().trimmed().toStdString();
    launch.containerImage = m_container->text().trimmed().toStdString();
    return launch;
}

engine::Experiment ClusterLaunchDialog::experiment() const
{
    engine::Experiment experiment = m_experiment;
    experiment.training.syncBatchNorm = m_syncBatchNorm->isEnabled() && m_syncBatchNorm->isChecked();
    return experiment;
}

QString ClusterLaunchDialog::folder() const
{
    return m_folder->text().trimmed();
}

void ClusterLaunchDialog::setFolder(const QString& folder)
{
    m_folder->setText(folder);
}

QString ClusterLaunchDialog::slurmPreview() const
{
    return m_slurm->toPlainText();
}

QString ClusterLaunchDialog::torchrunPreview() const
{
    return m_torchrun->toPlainText();
}

void ClusterLaunchDialog::refresh()
{
    const engine::ClusterLaunch now = launch();
    const int processes = now.nodes * now.gpusPerNode;
    const int batch = m_experiment.training.batchSize;
    m_batch->setText(tr("Processes in all: %1 (one per GPU). Each trains on %2 images per step, so every step sees "
                        "a global batch of %3 images; the learning rate is used as set.")
                         .arg(processes)
                         .arg(batch)
                         .arg(static_cast<qint64>(batch) * processes));
    try {
        m_slurm->setPlainText(QString::fromStdString(engine::slurmScript(now)));
        m_torchrun->setPlainText(QString::fromStdString(engine::torchrunScript(now)));
        const bool haveFolder = !folder().isEmpty();
        m_write->setEnabled(haveFolder);
        m_copy->setEnabled(true);
        m_status->setText(haveFolder ? QString() : tr("Choose a folder to write the files into."));
    } catch (const engine::Error& e) {
        m_slurm->clear();
        m_torchrun->clear();
        m_write->setEnabled(false);
        m_copy->setEnabled(false);
        m_status->setText(EngineText::error(e));
    }
}

void ClusterLaunchDialog::chooseFolder()
{
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Write into Folder"), folder());
    if (!chosen.isEmpty())
        setFolder(chosen);
}

bool ClusterLaunchDialog::writeFiles()
{
    if (folder().isEmpty()) {
        m_status->setText(tr("Choose a folder to write the files into."));
        return false;
    }
    try {
        const auto written = engine::writeClusterLaunch(experiment(), launch(), folder().toStdString());
        QStringList files;
        for (const auto& file : written)
            files << QString::fromStdString(file.string());
        m_status->setText(tr("Wrote experiment.json, torchrun.sh and slurm.sbatch into %1. Copy the folder to the "
                             "cluster, then run “sbatch slurm.sbatch” in it (or “bash torchrun.sh” on one machine).")
                              .arg(QDir::toNativeSeparators(folder())));
        Q_EMIT filesWritten(files);
        return true;
    } catch (const engine::Error& e) {
        m_status->setText(tr("Cannot write the files: %1").arg(EngineText::error(e)));
        return false;
    }
}

} // namespace cnnwb::ui
