// Data-parallel training (docs/distributed.md): the test launches the ranks itself (and once
// through torchrun from the venv) on loopback with Gloo, and compares their weights with one
// process training on the same global batches.

#include "support/fixtures.h"

#include "cnnwb/engine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>

namespace fs = std::filesystem;
using namespace cnnwb;

namespace {

QString g_dataHome; // the processes' XDG_DATA_HOME (log files), fresh for each test run

QProcessEnvironment baseEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), g_dataHome);
    for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "SLURM_STEP_NUM_TASKS",
             "SLURM_PROCID", "TORCHELASTIC_RUN_ID", "TORCHELASTIC_USE_AGENT_STORE"})
        env.remove(QString::fromLatin1(name));
    return env;
}

std::unique_ptr<QProcess> startRank(
    const QStringList& arguments, int rank, int world, int port, const std::map<QString, QString>& extra = {})
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = baseEnvironment();
    env.insert(QStringLiteral("RANK"), QString::number(rank));
    env.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
    env.insert(QStringLiteral("WORLD_SIZE"), QString::number(world));
    env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    for (const auto& [key, value] : extra)
        env.insert(key, value);
    process->setProcessEnvironment(env);
    process->start(QStringLiteral(CNNWB_CLI_PATH), arguments);
    return process;
}

struct Finished {
    int exitCode = -1;
    QString out;
    QString err;
};

Finished finish(QProcess& process, int timeoutMs = 300000)
{
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-3, {}, QStringLiteral("did not finish in time")};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

Finished runOne(const QStringList& arguments)
{
    QProcess process;
    process.setProcessEnvironment(baseEnvironment());
    process.start(QStringLiteral(CNNWB_CLI_PATH), arguments);
    return finish(process);
}

// Runs `world` ranks of `arguments`; rank r writes to outs[r] when given (rank 0's is the run's).
std::vector<Finished> runRanks(const QStringList& arguments, int world, const std::vector<QString>& outs = {},
    const std::map<QString, QString>& extra = {})
{
    const int port = test::freeLoopbackPort();
    std::vector<std::unique_ptr<QProcess>> ranks;
    for (int r = 0; r < world; ++r) {
        QStringList args = arguments;
        if (static_cast<std::size_t>(r) < outs.size())
            args << QStringLiteral("--out") << outs[static_cast<std::size_t>(r)];
        ranks.push_back(startRank(args, r, world, port, extra));
    }
    std::vector<Finished> results;
    for (auto& rank : ranks)
        results.push_back(finish(*rank));
    return results;
}

double maxDifference(const fs::path& a, const fs::path& b)
{
    const auto left = engine::Checkpoint::load(a).weights();
    const auto right = engine::Checkpoint::load(b).weights();
    if (left.size() != right.size())
        return INFINITY;
    double worst = 0.0;
    for (std::size_t i = 0; i < left.size(); ++i) {
        if (left[i].name != right[i].name || left[i].values.size() != right[i].values.size())
            return INFINITY;
        for (std::size_t k = 0; k < left[i].values.size(); ++k)
            worst = std::max(worst, std::abs(static_cast<double>(left[i].values[k] - right[i].values[k])));
    }
    return worst;
}

bool waitForOutput(QProcess& process, const QString& text, QString& seen, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        process.waitForReadyRead(200);
        seen += QString::fromUtf8(process.readAllStandardOutput());
        if (seen.contains(text))
            return true;
        if (process.state() == QProcess::NotRunning)
            return false;
    }
    return false;
}

} // namespace

class TestDistributed : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;
    QString m_bnModel;

    QString path(const QString& name) const { return m_tmp.path() + QLatin1Char('/') + name; }
    static fs::path ckpt(const QString& dir) { return fs::path(dir.toStdString()) / "last.ckpt"; }

    // SGD with momentum: Adam divides by the root of tiny second moments, which turns rounding
    // differences of the summation order into larger weight differences than the exchange makes.
    QStringList trainArgs(int batch, int epochs) const
    {
        return {QStringLiteral("train"), QStringLiteral("--data"), m_data, QStringLiteral("--epochs"),
            QString::number(epochs), QStringLiteral("--batch-size"), QString::number(batch),
            QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--optimizer"), QStringLiteral("sgd"),
            QStringLiteral("--lr"), QStringLiteral("0.05"), QStringLiteral("--seed"), QStringLiteral("7")};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        g_dataHome = path(QStringLiteral("xdg"));
        // 5 x 21 = 105 images: global batches of 16 leave a last batch of 9, which the two ranks
        // share unevenly (5 and 4): the gradient weighting must handle that.
        const fs::path data = fs::path(m_tmp.path().toStdString()) / "cifar";
        test::writeCifar10(data, {.recordsPerTrainBatch = 21, .testRecords = 30, .classCount = 4});
        m_data = QString::fromStdString(data.string());
        // Conv + BatchNorm and a residual block (BatchNorm in its main path and its shortcut).
        const QByteArray bn = R"({"version": 1, "name": "bn", "input": [3, 32, 32],
            "layers": [{"type": "Conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1, "bias": false},
                       {"type": "BatchNorm2d"}, {"type": "ReLU"}, {"type": "MaxPool2d", "kernel_size": 2},
                       {"type": "ResidualBlock", "out_channels": 16, "stride": 2},
                       {"type": "AdaptiveAvgPool2d", "output_size": 1}, {"type": "Flatten"},
                       {"type": "Linear", "out_features": 4}]})";
        (void)engine::modelSpecFromJson(bn.toStdString(), "bn model"); // valid
        m_bnModel = path(QStringLiteral("bn.json"));
        QFile file(m_bnModel);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bn);
        file.close();
    }

    void detectsTheLaunchFromTheEnvironment()
    {
        using Env = std::map<std::string, std::string>;
        const auto detect = [](const Env& env) {
            return engine::detectDistributedLaunch([&env](const char* name) -> const char* {
                const auto it = env.find(name);
                return it == env.end() ? nullptr : it->second.c_str();
            });
        };
        QVERIFY(!detect({}).has_value());
        // scripts/setup.sh installs Gloo's headers, so this build has the CPU backend.
        const auto backends = engine::distributedBackends();
        QVERIFY(std::find(backends.begin(), backends.end(), "gloo") != backends.end());
        // torchrun (elastic, agent store).
        auto torchrun = detect({{"RANK", "3"}, {"WORLD_SIZE", "8"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "node0"},
            {"MASTER_PORT", "29500"}, {"TORCHELASTIC_RUN_ID", "abc"}, {"TORCHELASTIC_USE_AGENT_STORE", "True"},
            {"TORCHELASTIC_RESTART_COUNT", "2"}});
        QVERIFY(torchrun.has_value());
        QCOMPARE(torchrun->rank, 3);
        QCOMPARE(torchrun->worldSize, 8);
        QCOMPARE(torchrun->localRank, 1);
        QCOMPARE(torchrun->launcher, std::string("torchrun"));
        QVERIFY(torchrun->agentStore);
        QCOMPARE(torchrun->restartCount, 2);
        QCOMPARE(torchrun->masterAddr, std::string("node0"));
        QCOMPARE(torchrun->masterPort, 29500);
        // An srun step.
        auto slurm = detect({{"SLURM_PROCID", "5"}, {"SLURM_STEP_NUM_TASKS", "8"}, {"SLURM_LOCALID", "1"},
            {"SLURM_NTASKS", "8"}, {"MASTER_ADDR", "gpu01"}, {"MASTER_PORT", "29400"}, {"CNNWB_DIST_TIMEOUT", "30"}});
        QVERIFY(slurm.has_value());
        QCOMPARE(slurm->rank, 5);
        QCOMPARE(slurm->worldSize, 8);
        QCOMPARE(slurm->localRank, 1);
        QCOMPARE(slurm->launcher, std::string("slurm"));
        QVERIFY(!slurm->agentStore);
        QCOMPARE(slurm->timeout.count(), 30);
        // The batch script itself (no srun step) is an ordinary single process.
        QVERIFY(!detect({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "8"}, {"SLURM_JOB_ID", "42"}}).has_value());
        // Incomplete or wrong.
        const auto fails = [&](const Env& env, const char* fragment) {
            try {
                (void)detect(env);
            } catch (const engine::Error& e) {
                QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
                return;
            }
            QFAIL(fragment);
        };
        fails({{"RANK", "0"}}, "RANK and WORLD_SIZE");
        fails({{"RANK", "0"}, {"WORLD_SIZE", "2"}}, "MASTER_ADDR and MASTER_PORT");
        fails({{"RANK", "2"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}}, "out of range");
        fails({{"RANK", "x"}, {"WORLD_SIZE", "2"}}, "not a whole number");
        fails({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "70000"}}, "not a port");
    }

    // The acceptance line: K steps on two ranks (batch 8 each) give the weights of one process
    // training with batch 16 on the same data and seed.
    void twoRanksEqualOneProcessOnTheSameGlobalBatches()
    {
        const QString single = path(QStringLiteral("single"));
        const Finished one = runOne(trainArgs(16, 2) << QStringLiteral("--out") << single);
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));

        const QString dist = path(QStringLiteral("dist"));
        const QString rank1Out = path(QStringLiteral("dist-rank1"));
        const auto ranks = runRanks(trainArgs(8, 2), 2, {dist, rank1Out});
        QVERIFY2(ranks[0].exitCode == 0, qPrintable(ranks[0].err));
        QVERIFY2(ranks[1].exitCode == 0, qPrintable(ranks[1].err));
        QVERIFY(ranks[0].out.contains(QStringLiteral("rank 0 of 2")));
        QVERIFY(ranks[0].out.contains(QStringLiteral("7 batches per epoch"))); // ceil(105 / 16)
        QVERIFY2(ranks[1].out.isEmpty(), qPrintable(ranks[1].out));            // rank 0 speaks for the run

        // 14 steps (7 per epoch), the last of each epoch split 5 + 4 between the ranks.
        const double diff = maxDifference(ckpt(single), ckpt(dist));
        qInfo("largest weight difference, 2 ranks vs 1 process: %.3g", diff);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
        // The same metrics, from the reduced sums.
        const auto a = engine::Checkpoint::load(ckpt(single)).info().history;
        const auto b = engine::Checkpoint::load(ckpt(dist)).info().history;
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].confusion, b[i].confusion);
            QVERIFY(std::abs(a[i].trainLoss - b[i].trainLoss) < 1e-4);
            QCOMPARE(a[i].trainAccuracy, b[i].trainAccuracy);
            QCOMPARE(a[i].steps, b[i].steps);
        }

        // Rank 0 alone writes, the log file too; the manifest records the world.
        QVERIFY2(!fs::exists(rank1Out.toStdString()), "rank 1 wrote files");
        QFile log(g_dataHome + QStringLiteral("/cnn-workbench/logs/cnnwb.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QString logText = QString::fromUtf8(log.readAll());
        QVERIFY(logText.contains(QStringLiteral("joined the process group as rank 0 of 2")));
        QVERIFY(!logText.contains(QStringLiteral("rank 1 of 2")));
        const engine::RunManifest manifest = engine::loadRunManifest(fs::path(dist.toStdString()) / "manifest.json");
        QCOMPARE(manifest.worldSize, 2);
        QCOMPARE(manifest.distributedBackend, std::string("gloo"));
        QCOMPARE(manifest.launcher, std::string("env"));
        QCOMPARE(manifest.status, std::string("finished"));
        QCOMPARE(engine::Checkpoint::load(ckpt(dist)).info().worldSize, 2);
    }

    void synchronizedBatchNormEqualsOneProcess()
    {
        const QStringList model{QStringLiteral("--model"), m_bnModel};
        const QString single = path(QStringLiteral("bn-single"));
        const Finished one = runOne(trainArgs(16, 2) << model << QStringLiteral("--out") << single);
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));

        const QString local = path(QStringLiteral("bn-local"));
        auto ranks = runRanks(trainArgs(8, 2) << model, 2, {local});
        QVERIFY2(ranks[0].exitCode == 0 && ranks[1].exitCode == 0, qPrintable(ranks[0].err + ranks[1].err));
        // Small buckets: several go out during the backward pass, between synchronized BatchNorm's
        // own exchanges, and the order must still agree on both ranks.
        const QString synced = path(QStringLiteral("bn-sync"));
        ranks = runRanks(trainArgs(8, 2) << model << QStringLiteral("--sync-batchnorm"), 2, {synced},
            {{QStringLiteral("CNNWB_DIST_BUCKET_MB"), QStringLiteral("0.004")}});
        QVERIFY2(ranks[0].exitCode == 0 && ranks[1].exitCode == 0, qPrintable(ranks[0].err + ranks[1].err));

        const double localDiff = maxDifference(ckpt(single), ckpt(local));
        const double syncDiff = maxDifference(ckpt(single), ckpt(synced));
        qInfo("BatchNorm: per-rank statistics differ by %.3g, synchronized by %.3g", localDiff, syncDiff);
        // Per-rank statistics see half the batch: different weights and running statistics.
        QVERIFY(localDiff > 1e-3);
        // ... but the reported metrics are those of the saved model (rank 0's statistics, which
        // every rank takes before evaluating): evaluating the checkpoint gives the same matrix.
        const Finished evaluated = runOne({QStringLiteral("evaluate"), QStringLiteral("--checkpoint"),
            QString::fromStdString(ckpt(local).string()), QStringLiteral("--json")});
        QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.err));
        const QJsonArray rows
            = QJsonDocument::fromJson(evaluated.out.toUtf8()).object().value(QStringLiteral("confusion")).toArray();
        std::vector<std::int64_t> confusion;
        for (const QJsonValue& row : rows)
            for (const QJsonValue& cell : row.toArray())
                confusion.push_back(cell.toInteger());
        QCOMPARE(confusion, engine::Checkpoint::load(ckpt(local)).info().history.back().confusion);
        QVERIFY2(syncDiff <= 1e-5, qPrintable(QString::number(syncDiff)));
    }

    void torchrunLaunchesTheRanks()
    {
        const QString torchrun = QFileInfo(QStringLiteral(CNNWB_PYTHON)).dir().filePath(QStringLiteral("torchrun"));
        if (!QFileInfo::exists(torchrun))
            QSKIP("torchrun is not in the venv (scripts/setup.sh installs it with torch)");
        const QString single = path(QStringLiteral("single"));
        if (!fs::exists(ckpt(single)))
            QVERIFY(runOne(trainArgs(16, 2) << QStringLiteral("--out") << single).exitCode == 0);
        const QString out = path(QStringLiteral("torchrun"));
        QProcess process;
        process.setProcessEnvironment(baseEnvironment());
        process.start(torchrun,
            QStringList{QStringLiteral("--nproc-per-node=2"),
                QStringLiteral("--master-port=%1").arg(test::freeLoopbackPort()), QStringLiteral("--no-python"),
                QStringLiteral(CNNWB_CLI_PATH)}
                << trainArgs(8, 2) << QStringLiteral("--out") << out);
        const Finished r = finish(process);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("torchrun")));
        QVERIFY(maxDifference(ckpt(single), ckpt(out)) <= 1e-5);
        QCOMPARE(
            engine::loadRunManifest(fs::path(out.toStdString()) / "manifest.json").launcher, std::string("torchrun"));
    }

    // A checkpoint of two ranks continues in one process with the global batch of 16: the same
    // batches, steps and schedule as one process training all along.
    void resumesATwoRankCheckpointInOneProcess()
    {
        const QString single = path(QStringLiteral("single"));
        if (!fs::exists(ckpt(single)))
            QVERIFY(runOne(trainArgs(16, 2) << QStringLiteral("--out") << single).exitCode == 0);
        const QString first = path(QStringLiteral("two-ranks-epoch1"));
        const auto ranks = runRanks(trainArgs(8, 1), 2, {first});
        QVERIFY2(ranks[0].exitCode == 0 && ranks[1].exitCode == 0, qPrintable(ranks[0].err + ranks[1].err));
        QCOMPARE(engine::Checkpoint::load(ckpt(first)).info().worldSize, 2);

        const QString resumed = path(QStringLiteral("resumed-in-one"));
        const Finished r = runOne({QStringLiteral("train"), QStringLiteral("--resume"),
            QString::fromStdString(ckpt(first).string()), QStringLiteral("--epochs"), QStringLiteral("2"),
            QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--out"), resumed});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("global batch of 16")), qPrintable(r.out));
        const engine::CheckpointInfo info = engine::Checkpoint::load(ckpt(resumed)).info();
        QCOMPARE(info.worldSize, 1);
        QCOMPARE(info.experiment.training.batchSize, 16);
        QCOMPARE(info.step, std::int64_t{14});
        const double diff = maxDifference(ckpt(single), ckpt(resumed));
        qInfo("2 ranks for epoch 1, then 1 process for epoch 2, vs 1 process: %.3g", diff);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
    }

    // Stopped in the middle of an epoch (Ctrl+C reaches one rank; they agree on the step), the
    // two-rank checkpoint resumes in one process to the uninterrupted run's weights.
    void resumesAStoppedTwoRankRunMidEpoch()
    {
        const fs::path bigData = fs::path(m_tmp.path().toStdString()) / "cifar-big";
        test::writeCifar10(bigData, {.recordsPerTrainBatch = 400, .testRecords = 40, .classCount = 4});
        const QString data = QString::fromStdString(bigData.string());
        const auto args = [&](int batch) {
            QStringList list = trainArgs(batch, 3);
            list[2] = data;
            return list;
        };
        const QString single = path(QStringLiteral("big-single"));
        QVERIFY(runOne(args(16) << QStringLiteral("--out") << single).exitCode == 0);

        const QString stopped = path(QStringLiteral("big-stopped"));
        const int port = test::freeLoopbackPort();
        auto rank0 = startRank(args(8) << QStringLiteral("--out") << stopped, 0, 2, port);
        auto rank1 = startRank(args(8), 1, 2, port);
        QString seen;
        QVERIFY2(waitForOutput(*rank0, QStringLiteral("epoch 1/3"), seen, 120000), qPrintable(seen));
        QTest::qWait(300);
        ::kill(static_cast<pid_t>(rank0->processId()), SIGINT);
        const Finished r0 = finish(*rank0);
        const Finished r1 = finish(*rank1);
        QCOMPARE(r0.exitCode, 130); // interrupted
        QCOMPARE(r1.exitCode, 130);
        const engine::CheckpointInfo at = engine::Checkpoint::load(ckpt(stopped)).info();
        qInfo("stopped at %s", at.describePosition().c_str());
        QCOMPARE(at.worldSize, 2);
        if (at.batch == 0)
            qWarning("the stop landed on an epoch boundary; the mid-epoch path was not exercised this time");

        const QString resumed = path(QStringLiteral("big-resumed"));
        const Finished r = runOne(
            {QStringLiteral("train"), QStringLiteral("--resume"), QString::fromStdString(ckpt(stopped).string()),
                QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--out"), resumed});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const double diff = maxDifference(ckpt(single), ckpt(resumed));
        qInfo("stopped on 2 ranks, resumed in 1 process, vs 1 process all along: %.3g", diff);
        QVERIFY2(diff <= 1e-5, qPrintable(QString::number(diff)));
        const auto a = engine::Checkpoint::load(ckpt(single)).info().history;
        const auto b = engine::Checkpoint::load(ckpt(resumed)).info().history;
        QCOMPARE(a.size(), b.size());
        QCOMPARE(a.back().steps, b.back().steps);
        QCOMPARE(a.back().confusion, b.back().confusion);
    }

    // `cnnwb cluster` (the GUI's dialog writes the same through the engine): the scripts pass
    // bash -n, say what was asked, and really train: the Slurm script runs here with stand-ins
    // for srun and scontrol, starting torchrun from the venv.
    void clusterScriptsTrainForReal()
    {
        const QString dist = path(QStringLiteral("dist"));
        if (!fs::exists(fs::path(dist.toStdString()) / "experiment.json"))
            QVERIFY(runRanks(trainArgs(8, 2), 2, {dist})[0].exitCode == 0);
        const QString folder = path(QStringLiteral("cluster"));
        const Finished written = runOne({QStringLiteral("cluster"), QStringLiteral("--experiment"),
            dist + QStringLiteral("/experiment.json"), QStringLiteral("--to"), folder, QStringLiteral("--nodes"),
            QStringLiteral("1"), QStringLiteral("--gpus-per-node"), QStringLiteral("2"), QStringLiteral("--time"),
            QStringLiteral("00:10:00"), QStringLiteral("--partition"), QStringLiteral("debug"),
            QStringLiteral("--data"), m_data, QStringLiteral("--job-name"), QStringLiteral("cifar-dp")});
        QVERIFY2(written.exitCode == 0, qPrintable(written.err));
        const auto read = [&](const char* name) {
            QFile file(folder + QLatin1Char('/') + QLatin1String(name));
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
        };
        const QString slurm = read("slurm.sbatch");
        const QString torchrunSh = read("torchrun.sh");
        for (const char* line : {"#SBATCH --job-name=cifar-dp\n", "#SBATCH --nodes=1\n", "#SBATCH --gpus-per-node=2\n",
                 "#SBATCH --ntasks-per-node=1\n", "#SBATCH --time=00:10:00\n", "#SBATCH --partition=debug\n",
                 "#SBATCH --cpus-per-task=16\n",
                 "srun --ntasks-per-node=1 --cpus-per-task=\"$SLURM_CPUS_PER_TASK\" torchrun "})
            QVERIFY2(slurm.contains(QLatin1String(line)), line);
        for (const QString& script : {slurm, torchrunSh})
            for (const char* arg : {"--nproc-per-node=2", "--rdzv-backend=c10d", "--no-python \"$CNNWB\" train",
                     "--experiment experiment.json", "--out \"runs/$RUN_ID\""})
                QVERIFY2(script.contains(QLatin1String(arg)), arg);
        QVERIFY(slurm.contains(QStringLiteral("--data '") + m_data + QLatin1Char('\'')));
        for (const char* name : {"slurm.sbatch", "torchrun.sh"}) {
            QProcess bash;
            bash.start(QStringLiteral("bash"), {QStringLiteral("-n"), folder + QLatin1Char('/') + QLatin1String(name)});
            QVERIFY(bash.waitForFinished());
            QVERIFY2(bash.exitCode() == 0, qPrintable(QString::fromUtf8(bash.readAllStandardError())));
            QVERIFY(QFileInfo(folder + QLatin1Char('/') + QLatin1String(name)).isExecutable());
        }
        QCOMPARE(
            engine::loadExperiment((folder + QStringLiteral("/experiment.json")).toStdString()).training.batchSize, 8);
        {
            // Several nodes without a common rendezvous would wait for each other forever: refused.
            QProcess several;
            QProcessEnvironment env = baseEnvironment();
            env.insert(QStringLiteral("NNODES"), QStringLiteral("2"));
            env.remove(QStringLiteral("RUN_ID"));
            several.setProcessEnvironment(env);
            several.start(QStringLiteral("bash"), {folder + QStringLiteral("/torchrun.sh")});
            const Finished refused = finish(several, 30000);
            QCOMPARE(refused.exitCode, 2);
            QVERIFY(refused.err.contains(QStringLiteral("same MASTER_ADDR")));
        }

        const QString torchrun = QFileInfo(QStringLiteral(CNNWB_PYTHON)).dir().filePath(QStringLiteral("torchrun"));
        if (!QFileInfo::exists(torchrun))
            QSKIP("torchrun is not in the venv: the scripts were checked, not run");
        const QString bin = path(QStringLiteral("fake-slurm"));
        QVERIFY(QDir().mkpath(bin));
        const auto tool = [&](const char* name, const char* body) {
            QFile file(bin + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(body);
            file.close();
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
        };
        tool("srun", "#!/bin/sh\nwhile [ \"${1#--}\" != \"$1\" ]; do shift; done\nexec \"$@\"\n");
        tool("scontrol", "#!/bin/sh\necho 127.0.0.1\n");
        QProcess job;
        QProcessEnvironment env = baseEnvironment();
        env.insert(QStringLiteral("PATH"),
            bin + QLatin1Char(':') + QFileInfo(torchrun).path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("CNNWB"), QStringLiteral(CNNWB_CLI_PATH));
        env.insert(QStringLiteral("SLURM_SUBMIT_DIR"), folder);
        env.insert(QStringLiteral("SLURM_NNODES"), QStringLiteral("1"));
        env.insert(QStringLiteral("SLURM_CPUS_PER_TASK"), QStringLiteral("16"));
        env.insert(QStringLiteral("SLURM_JOB_ID"), QStringLiteral("4242"));
        env.insert(QStringLiteral("SLURM_JOB_NODELIST"), QStringLiteral("localhost"));
        env.insert(QStringLiteral("MASTER_PORT"), QString::number(test::freeLoopbackPort()));
        job.setProcessEnvironment(env);
        job.setWorkingDirectory(QDir::tempPath()); // as sbatch would: the script finds its folder itself
        job.start(QStringLiteral("bash"), {folder + QStringLiteral("/slurm.sbatch")});
        const Finished r = finish(job);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const fs::path run = fs::path(folder.toStdString()) / "runs" / "4242";
        const engine::RunManifest manifest = engine::loadRunManifest(run / "manifest.json");
        QCOMPARE(manifest.worldSize, 2);
        QCOMPARE(manifest.launcher, std::string("torchrun"));
        const QString single = path(QStringLiteral("single"));
        if (!fs::exists(ckpt(single)))
            QVERIFY(runOne(trainArgs(16, 2) << QStringLiteral("--out") << single).exitCode == 0);
        QVERIFY(maxDifference(ckpt(single), run / "last.ckpt") <= 1e-5);
    }

    // A loss that explodes stops both ranks at the same batch with the same message (the decision
    // uses the ranks' summed losses), not one with "diverged" and the other with "lost contact".
    void bothRanksStopAtTheSameDivergedBatch()
    {
        QStringList args = trainArgs(8, 5);
        args[args.indexOf(QStringLiteral("--lr")) + 1] = QStringLiteral("10");
        const auto ranks = runRanks(args, 2);
        for (const Finished& rank : ranks) {
            QCOMPARE(rank.exitCode, 2);
            QVERIFY2(rank.err.contains(QStringLiteral("training diverged")), qPrintable(rank.err));
        }
        const auto where = [](const QString& err) {
            return err.mid(err.indexOf(QStringLiteral("at epoch"))).section(QLatin1Char('('), 0, 0);
        };
        QCOMPARE(where(ranks[0].err), where(ranks[1].err));
    }

    // A rank killed mid-run ends the other within the bound, with a message that says so.
    void aKilledRankEndsTheOther()
    {
        const int port = test::freeLoopbackPort();
        const QString out = path(QStringLiteral("killed"));
        auto rank0 = startRank(trainArgs(8, 100000) << QStringLiteral("--out") << out, 0, 2, port);
        auto rank1 = startRank(trainArgs(8, 100000), 1, 2, port);
        QString seen;
        QVERIFY2(waitForOutput(*rank0, QStringLiteral("epoch 2/"), seen, 120000), qPrintable(seen));
        ::kill(static_cast<pid_t>(rank1->processId()), SIGKILL);
        QElapsedTimer timer;
        timer.start();
        const Finished r0 = finish(*rank0, 60000);
        qInfo("rank 0 ended %.1f s after rank 1 was killed", static_cast<double>(timer.elapsed()) / 1000.0);
        QVERIFY2(r0.exitCode != -3, "rank 0 still ran 60 s after rank 1 was killed");
        QCOMPARE(r0.exitCode, 1);
        QVERIFY2(r0.err.contains(QStringLiteral("rank 0 of 2 lost contact with the other ranks")), qPrintable(r0.err));
        finish(*rank1);
        const engine::RunManifest manifest = engine::loadRunManifest(fs::path(out.toStdString()) / "manifest.json");
        QCOMPARE(manifest.status, std::string("failed"));
        QVERIFY(manifest.failure.find("lost contact") != std::string::npos);
    }

    // A rank that hangs (stopped with SIGSTOP) ends the other after the timeout.
    void aHungRankEndsTheOtherAfterTheTimeout()
    {
        const int port = test::freeLoopbackPort();
        const std::map<QString, QString> timeout{{QStringLiteral("CNNWB_DIST_TIMEOUT"), QStringLiteral("5")}};
        auto rank0 = startRank(trainArgs(8, 100000), 0, 2, port, timeout);
        auto rank1 = startRank(trainArgs(8, 100000), 1, 2, port, timeout);
        QString seen;
        QVERIFY2(waitForOutput(*rank0, QStringLiteral("epoch 2/"), seen, 120000), qPrintable(seen));
        ::kill(static_cast<pid_t>(rank1->processId()), SIGSTOP);
        QElapsedTimer timer;
        timer.start();
        const Finished r0 = finish(*rank0, 60000);
        qInfo("rank 0 ended %.1f s after rank 1 hung (timeout 5 s)", static_cast<double>(timer.elapsed()) / 1000.0);
        ::kill(static_cast<pid_t>(rank1->processId()), SIGKILL);
        finish(*rank1);
        QVERIFY2(r0.exitCode != -3, "rank 0 still ran 60 s after rank 1 hung");
        QCOMPARE(r0.exitCode, 1);
        QVERIFY2(r0.err.contains(QStringLiteral("waited at most 5 s")), qPrintable(r0.err));
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
