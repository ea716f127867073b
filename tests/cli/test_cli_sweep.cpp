// cnnwb sweep (issue 21): the command takes cnnwb train's overriding options, lists its trials, and a
// sweep killed with SIGKILL mid-trial and started again with the same command finishes with every
// trial exactly once and the same results as a sweep that was never interrupted.
#include "support/fixtures.h"

#include "cnnwb/engine.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

#include <chrono>
#include <memory>
#include <thread>

namespace fs = std::filesystem;
using namespace cnnwb;

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCnnwb(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(CNNWB_CLI_PATH), arguments);
    if (!process.waitForFinished(600000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

engine::SweepParameter listOf(const std::string& key, std::vector<std::string> values)
{
    engine::SweepParameter p;
    p.key = key;
    p.values = std::move(values);
    return p;
}

} // namespace

class TestCliSweep : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_experiment;

    [[nodiscard]] QString path(const QString& name) const { return m_tmp.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const fs::path data = path(QStringLiteral("cifar")).toStdString();
        // Enough images that an epoch outlasts the moment the test picks to kill the sweep.
        test::writeCifar10(data, {.recordsPerTrainBatch = 160, .testRecords = 40, .classCount = 4});
        engine::Experiment e;
        e.dataFolder = data;
        e.model = engine::seedModelSpec({3, 32, 32}, 4);
        e.training.epochs = 9; // the command line says 3
        e.training.batchSize = 32;
        e.training.device = "cpu";
        e.training.threads = 1;
        e.training.healthEvery = 0;
        e.training.schedule = engine::ScheduleKind::Cosine; // a stopped trial must keep its schedule
        e.sweep.parameters = {
            listOf("training.learning_rate", {"0.0003", "0.003"}), listOf("model.layers.0.out_channels", {"8", "16"})};
        e.sweep.halving = {true, {1}, 0.5};
        e.sweep.parallel = 2;
        m_experiment = path(QStringLiteral("sweep.json"));
        engine::saveExperiment(e, m_experiment.toStdString());
    }

    void listsTheTrialsWithTheOverridesApplied()
    {
        const Result r = runCnnwb(
            {QStringLiteral("sweep"), QStringLiteral("--experiment"), m_experiment, QStringLiteral("--list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("trial 4: training.learning_rate=0.003 model.layers.0.out_channels=16")),
            qPrintable(r.out));
        const Result noSweep = runCnnwb({QStringLiteral("sweep"), QStringLiteral("--data"),
            path(QStringLiteral("cifar")), QStringLiteral("--out"), path(QStringLiteral("none"))});
        QCOMPARE(noSweep.exitCode, 2);
        QVERIFY(noSweep.err.contains(QStringLiteral("no sweep")));
    }

    void aKilledSweepResumesToTheSameResults()
    {
        const QStringList common = {QStringLiteral("sweep"), QStringLiteral("--experiment"), m_experiment,
            QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--out")};
        const Result whole = runCnnwb(common + QStringList{path(QStringLiteral("whole"))});
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.out + whole.err));
        QVERIFY2(whole.out.contains(QStringLiteral("halved")), qPrintable(whole.out));

        // Killed while trial 3 trains (after trials 1 and 2 reached the rung), then run again.
        const fs::path killed = path(QStringLiteral("killed")).toStdString();
        QProcess sweep;
        sweep.start(QStringLiteral(CNNWB_CLI_PATH), common + QStringList{QString::fromStdString(killed.string())});
        QVERIFY(sweep.waitForStarted());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
        while (!fs::exists(killed / "trial-003" / "manifest.json") && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QVERIFY(fs::exists(killed / "trial-003" / "manifest.json"));
        ::kill(static_cast<pid_t>(sweep.processId()), SIGKILL);
        QVERIFY(sweep.waitForFinished());
        QCOMPARE(sweep.exitStatus(), QProcess::CrashExit);
        const engine::SweepIndex cut = engine::loadSweepIndex(killed);
        QVERIFY(!cut.complete);
        // Mid-trial: the trial that had just started died with the sweep (its manifest says running).
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        QCOMPARE(engine::loadRunManifest(killed / "trial-003" / "manifest.json").status, std::string("running"));
        QVERIFY(!fs::exists(killed / "trial-003" / "metrics.csv"));

        const Result resumed = runCnnwb(common + QStringList{QString::fromStdString(killed.string())});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
        const engine::SweepIndex a = engine::loadSweepIndex(path(QStringLiteral("whole")).toStdString());
        const engine::SweepIndex b = engine::loadSweepIndex(killed);
        QVERIFY(b.complete);
        QCOMPARE(b.trials.size(), a.trials.size());
        for (std::size_t i = 0; i < a.trials.size(); ++i) {
            const engine::TrialRecord& x = a.trials[i];
            const engine::TrialRecord& y = b.trials[i];
            QCOMPARE(y.values, x.values);
            QCOMPARE(y.status, x.status);
            QCOMPARE(y.epochsDone, x.epochsDone);
            QCOMPARE(y.testAccuracy, x.testAccuracy); // from metrics.csv: the same text, so the same doubles
            QCOMPARE(y.testLoss, x.testLoss);
            QCOMPARE(y.trainLoss, x.trainLoss);
            // Every epoch once, in order: nothing trained twice into the record.
            const std::vector<engine::EpochMetrics> epochs = engine::readMetricsCsv(killed / y.name / "metrics.csv");
            QCOMPARE(static_cast<int>(epochs.size()), y.epochsDone);
            for (std::size_t k = 0; k < epochs.size(); ++k)
                QCOMPARE(epochs[k].epoch, static_cast<int>(k) + 1);
        }
        QCOMPARE(b.count(engine::TrialStatus::Halved), 2);
    }

    // A Slurm array job: a task per trial (--trial N) in one shared folder, all at once, each waiting
    // at the rung for the others; the sweep ends as the single-driver one did.
    void arrayTasksShareTheFolder()
    {
        const QString folder = path(QStringLiteral("array"));
        std::vector<std::unique_ptr<QProcess>> tasks;
        for (int trial = 1; trial <= 4; ++trial) {
            auto& task = tasks.emplace_back(std::make_unique<QProcess>());
            task->start(QStringLiteral(CNNWB_CLI_PATH),
                {QStringLiteral("sweep"), QStringLiteral("--experiment"), m_experiment, QStringLiteral("--epochs"),
                    QStringLiteral("3"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--out"),
                    folder, QStringLiteral("--trial"), QString::number(trial)});
        }
        for (auto& task : tasks) {
            QVERIFY(task->waitForFinished(600000));
            QVERIFY2(task->exitCode() == 0, task->readAll().constData());
        }
        const engine::SweepIndex a = engine::loadSweepIndex(path(QStringLiteral("whole")).toStdString());
        const engine::SweepIndex b = engine::readSweep(folder.toStdString());
        QCOMPARE(b.trials.size(), a.trials.size());
        for (std::size_t i = 0; i < a.trials.size(); ++i) {
            QCOMPARE(b.trials[i].status, a.trials[i].status);
            QCOMPARE(b.trials[i].testAccuracy, a.trials[i].testAccuracy);
        }
        // The script that starts such a job: a task per trial, not throttled while halving waits at rungs.
        const Result slurm = runCnnwb({QStringLiteral("sweep"), QStringLiteral("--experiment"), m_experiment,
            QStringLiteral("--slurm"), path(QStringLiteral("slurm"))});
        QCOMPARE(slurm.exitCode, 0);
        QFile script(path(QStringLiteral("slurm/sweep.sbatch")));
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(script.readAll());
        QVERIFY2(text.contains(QStringLiteral("#SBATCH --array=0-3\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("--trial \"$((SLURM_ARRAY_TASK_ID + 1))\"")));
    }
};

QTEST_GUILESS_MAIN(TestCliSweep)
#include "test_cli_sweep.moc"
