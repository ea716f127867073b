// Train → Run on a Cluster, driven offscreen: the dialog previews the Slurm and torchrun scripts
// as the fields change, refuses what Slurm would refuse, and writes the experiment with both
// scripts, which bash accepts.

#include "support/fixtures.h"

#include "ui/app/main_window.h"
#include "ui/training/cluster_launch_dialog.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine.h"

#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

engine::DeviceInfo cpuOnly()
{
    engine::DeviceInfo devices;
    devices.cpuThreads = 2;
    return devices;
}

QString readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

int bashSyntax(const QString& script, QString& errors)
{
    QProcess bash;
    bash.start(QStringLiteral("bash"), {QStringLiteral("-n"), script});
    bash.waitForFinished();
    errors = QString::fromUtf8(bash.readAllStandardError());
    return bash.exitCode();
}

} // namespace

class TestClusterLaunch : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_experiment;

    ui::ClusterLaunchDialog* openDialog(ui::MainWindow& window)
    {
        auto* action = window.findChild<QAction*>(QStringLiteral("runOnCluster"));
        if (action == nullptr)
            return nullptr;
        action->trigger();
        return window.findChild<ui::ClusterLaunchDialog*>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_DATA_HOME", (m_tmp.path() + QStringLiteral("/xdg")).toUtf8());
        const fs::path data = fs::path(m_tmp.path().toStdString()) / "cifar";
        test::writeCifar10(data, {.recordsPerTrainBatch = 8, .testRecords = 8, .classCount = 4});
        engine::Experiment experiment;
        experiment.model = engine::modelSpecFromJson(R"({"version": 1, "name": "BN net", "input": [3, 32, 32],
            "layers": [{"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1},
                       {"type": "BatchNorm2d"}, {"type": "ReLU"}, {"type": "Flatten"},
                       {"type": "Linear", "out_features": 4}]})");
        experiment.dataFolder = data;
        experiment.training.batchSize = 32;
        experiment.training.epochs = 3;
        m_experiment = m_tmp.path() + QStringLiteral("/bn-net.json");
        engine::saveExperiment(experiment, m_experiment.toStdString());
    }

    void previewsAndWritesTheScripts()
    {
        ui::MainWindow window(cpuOnly());
        QVERIFY(window.openExperiment(m_experiment));
        ui::ClusterLaunchDialog* dialog = openDialog(window);
        QVERIFY(dialog != nullptr);
        QVERIFY(dialog->folder().contains(QStringLiteral("cluster/bn-net-")));
        QVERIFY2(dialog->batchLabel()->text().contains(QStringLiteral("global batch of 32 images")),
            qPrintable(dialog->batchLabel()->text()));

        dialog->nodesBox()->setValue(2);
        dialog->gpusBox()->setValue(4);
        QVERIFY2(dialog->batchLabel()->text().contains(QStringLiteral("Processes in all: 8")),
            qPrintable(dialog->batchLabel()->text()));
        QVERIFY(dialog->batchLabel()->text().contains(QStringLiteral("global batch of 256 images")));
        QVERIFY(dialog->slurmPreview().contains(QStringLiteral("#SBATCH --nodes=2\n")));
        QVERIFY(dialog->slurmPreview().contains(QStringLiteral("#SBATCH --gpus-per-node=4\n")));
        QVERIFY(dialog->torchrunPreview().contains(QStringLiteral("--nproc-per-node=4")));

        // What Slurm would refuse is refused here, with the reason.
        dialog->timeEdit()->clear();
        QTest::keyClicks(dialog->timeEdit(), QStringLiteral("1:30"));
        QVERIFY(!dialog->writeButton()->isEnabled());
        QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("hours:minutes:seconds")),
            qPrintable(dialog->statusLabel()->text()));
        QTest::keyClicks(dialog->timeEdit(), QStringLiteral(":00"));
        QVERIFY(dialog->writeButton()->isEnabled());
        QVERIFY(dialog->slurmPreview().contains(QStringLiteral("#SBATCH --time=1:30:00\n")));
        QTest::keyClicks(dialog->partitionEdit(), QStringLiteral("gpu"));
        QTest::keyClicks(dialog->dataEdit(), QStringLiteral("/scratch/my data/cifar"));
        QVERIFY(dialog->syncBatchNormBox()->isEnabled()); // the model has BatchNorm
        dialog->syncBatchNormBox()->setChecked(true);

        const QString folder = m_tmp.path() + QStringLiteral("/to-cluster");
        dialog->setFolder(folder);
        QSignalSpy written(dialog, &ui::ClusterLaunchDialog::filesWritten);
        QTest::mouseClick(dialog->writeButton(), Qt::LeftButton);
        QCOMPARE(written.count(), 1);
        QCOMPARE(written.at(0).at(0).toStringList().size(), 3);
        QVERIFY(dialog->statusLabel()->text().contains(QStringLiteral("sbatch slurm.sbatch")));

        const QString slurm = readFile(folder + QStringLiteral("/slurm.sbatch"));
        const QString torchrun = readFile(folder + QStringLiteral("/torchrun.sh"));
        QCOMPARE(slurm, dialog->slurmPreview());
        QCOMPARE(torchrun, dialog->torchrunPreview());
        for (const char* line : {"#SBATCH --nodes=2\n", "#SBATCH --gpus-per-node=4\n", "#SBATCH --time=1:30:00\n",
                 "#SBATCH --partition=gpu\n", "#SBATCH --cpus-per-task=32\n"})
            QVERIFY2(slurm.contains(QLatin1String(line)), line);
        for (const QString& script : {slurm, torchrun}) {
            QVERIFY(script.contains(QStringLiteral("--nproc-per-node=4")));
            QVERIFY(script.contains(QStringLiteral("--no-python \"$CNNWB\" train --experiment experiment.json")));
            QVERIFY(script.contains(QStringLiteral("--data '/scratch/my data/cifar'")));
        }
        for (const char* name : {"/slurm.sbatch", "/torchrun.sh"}) {
            QString errors;
            QCOMPARE(bashSyntax(folder + QLatin1String(name), errors), 0);
            QVERIFY2(errors.isEmpty(), qPrintable(errors));
            QVERIFY(QFileInfo(folder + QLatin1String(name)).isExecutable());
        }
        const engine::Experiment saved
            = engine::loadExperiment((folder + QStringLiteral("/experiment.json")).toStdString());
        QCOMPARE(saved.model.name, std::string("BN net"));
        QCOMPARE(saved.training.batchSize, 32);
        QCOMPARE(saved.training.epochs, 3);
        QVERIFY(saved.training.syncBatchNorm);
        // The window's own experiment is left as it was.
        QVERIFY(!window.trainingSettings()->config().syncBatchNorm);
    }

    void syncBatchNormOnlyWithBatchNorm()
    {
        ui::MainWindow window(cpuOnly());
        window.newExperiment(); // the seed CNN: no BatchNorm
        ui::ClusterLaunchDialog* dialog = openDialog(window);
        QVERIFY(dialog != nullptr);
        QVERIFY(!dialog->syncBatchNormBox()->isEnabled());
        dialog->syncBatchNormBox()->setChecked(true);
        QVERIFY(!dialog->experiment().training.syncBatchNorm);
    }
};

QTEST_MAIN(TestClusterLaunch)
#include "test_cluster_launch.moc"
