// Checkpoints: resuming continues a run exactly (at an epoch boundary and mid-epoch, with
// dropout, BatchNorm and each optimizer), refuses other architectures and other data, survives a
// writer killed at any moment, and reports unwritable folders, full disks and damaged files
// without leaving anything half-written. Python reads the checkpoint and model.pth with
// weights_only=True, and a file that tries to run code is refused without running it.

#include "support/fixtures.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/trainer.h"
#include "cnnwb/engine/train/training_control.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <csignal>
#include <fstream>
#include <thread>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

struct Recorder : engine::TrainingObserver {
    engine::TrainingControl* control = nullptr;
    int stopAfterEpoch = -1;
    int stopAfterBatchOfEpoch = -1;
    int stopEpoch = -1;
    std::vector<std::pair<fs::path, std::string>> saved;

    void onBatch(const engine::BatchMetrics& m) override
    {
        if (control && m.epoch == stopEpoch && m.batch == stopAfterBatchOfEpoch)
            control->requestStop();
    }
    void onEpoch(const engine::EpochMetrics& m) override
    {
        if (control && m.epoch == stopAfterEpoch)
            control->requestStop();
    }
    void onCheckpointSaved(const fs::path& file, const std::string& error) override { saved.emplace_back(file, error); }
};

// Dropout draws from LibTorch's generator and BatchNorm keeps running statistics: both must come
// back from a checkpoint for the resumed run to match.
engine::ModelSpec testModel(int convChannels = 8)
{
    using engine::LayerKind;
    using engine::LayerSpec;
    engine::ModelSpec spec;
    spec.name = "checkpoint test";
    spec.input = {3, 32, 32};
    LayerSpec conv = LayerSpec::defaults(LayerKind::Conv2d);
    conv.outChannels = convChannels;
    LayerSpec pool = LayerSpec::defaults(LayerKind::MaxPool2d);
    pool.kernel = 4;
    LayerSpec dropout = LayerSpec::defaults(LayerKind::Dropout);
    dropout.probability = 0.3;
    LayerSpec linear = LayerSpec::defaults(LayerKind::Linear);
    linear.outChannels = 4;
    spec.layers = {conv, LayerSpec::defaults(LayerKind::BatchNorm2d), LayerSpec::defaults(LayerKind::ReLU), pool,
        LayerSpec::defaults(LayerKind::Flatten), dropout, linear};
    return spec;
}

engine::TrainConfig cpuConfig(int epochs, const fs::path& out)
{
    engine::TrainConfig config;
    config.epochs = epochs;
    config.batchSize = 16;
    config.device = "cpu";
    config.seed = 11;
    config.threads = 2;
    config.outDir = out;
    return config;
}

void compareEpochs(const std::vector<engine::EpochMetrics>& expected, const std::vector<engine::EpochMetrics>& actual)
{
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(actual[i].epoch, expected[i].epoch);
        QCOMPARE(actual[i].trainLoss, expected[i].trainLoss); // bit for bit
        QCOMPARE(actual[i].trainAccuracy, expected[i].trainAccuracy);
        QCOMPARE(actual[i].testLoss, expected[i].testLoss);
        QCOMPARE(actual[i].testAccuracy, expected[i].testAccuracy);
        QCOMPARE(actual[i].confusion, expected[i].confusion);
        QCOMPARE(actual[i].steps, expected[i].steps);
        QCOMPARE(actual[i].learningRate, expected[i].learningRate);
    }
}

QString pythonPath()
{
    return QStringLiteral(CNNWB_PYTHON);
}

std::string readAll(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool onlyExpectedFiles(const fs::path& dir, const std::vector<std::string>& names)
{
    for (const auto& entry : fs::directory_iterator(dir))
        if (std::find(names.begin(), names.end(), entry.path().filename().string()) == names.end()) {
            qWarning("unexpected file %s", entry.path().c_str());
            return false;
        }
    return true;
}

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_root;
    fs::path m_data;
    std::optional<engine::Dataset> m_dataset;
    std::vector<engine::EpochMetrics> m_reference; ///< 4 uninterrupted epochs, Adam

    fs::path dir(const std::string& name) const { return m_root / name; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_root = m_tmp.path().toStdString();
        m_data = m_root / "data";
        test::writeCifar10(m_data, {.recordsPerTrainBatch = 64, .testRecords = 80, .classCount = 4});
        m_dataset = engine::Dataset::load(m_data);
        m_reference = engine::Trainer(cpuConfig(4, dir("reference")), testModel()).run(*m_dataset).epochs;
        QCOMPARE(m_reference.size(), std::size_t{4});
    }

    void resumeContinuesExactly_data()
    {
        QTest::addColumn<QString>("optimizer");
        QTest::addColumn<int>("stopEpoch");
        QTest::addColumn<int>("stopBatch"); // 0 = at the end of stopEpoch
        QTest::newRow("adam, after epoch 2") << "adam" << 2 << 0;
        QTest::newRow("adam, mid epoch 2") << "adam" << 2 << 7;
        QTest::newRow("sgd nesterov, after epoch 1") << "sgd" << 1 << 0;
        QTest::newRow("adamw, mid epoch 3") << "adamw" << 3 << 13;
    }

    void resumeContinuesExactly()
    {
        QFETCH(QString, optimizer);
        QFETCH(int, stopEpoch);
        QFETCH(int, stopBatch);
        const auto configure = [&](engine::TrainConfig c) {
            engine::parseOptimizer(optimizer.toStdString(), c.optimizer);
            c.nesterov = true;
            c.weightDecay = 1e-3;
            if (c.optimizer == engine::OptimizerKind::Sgd)
                c.learningRate = 0.05;
            return c;
        };
        const std::string tag = QTest::currentDataTag();
        const engine::TrainConfig whole = configure(cpuConfig(4, dir(tag + " whole")));
        const std::vector<engine::EpochMetrics> reference = engine::Trainer(whole, testModel()).run(*m_dataset).epochs;

        const engine::TrainConfig first = configure(cpuConfig(4, dir(tag + " first")));
        engine::TrainingControl control;
        Recorder stopper;
        stopper.control = &control;
        if (stopBatch == 0)
            stopper.stopAfterEpoch = stopEpoch;
        else {
            stopper.stopEpoch = stopEpoch;
            stopper.stopAfterBatchOfEpoch = stopBatch;
        }
        const engine::RunResult stopped = engine::Trainer(first, testModel()).run(*m_dataset, &stopper, &control);
        QVERIFY(stopped.stopped);
        // A stopped epoch is not an epoch (fault-injection finding 5): only the complete ones are reported.
        QCOMPARE(int(stopped.epochs.size()), stopBatch == 0 ? stopEpoch : stopEpoch - 1);
        QCOMPARE(stopped.stoppedInEpoch, stopBatch == 0 ? 0 : stopEpoch);
        QCOMPARE(stopped.stoppedAfterBatches, stopBatch);

        const engine::Checkpoint checkpoint = engine::Checkpoint::load(stopped.lastCheckpointPath);
        QCOMPARE(checkpoint.info().epoch, stopBatch == 0 ? stopEpoch + 1 : stopEpoch);
        QCOMPARE(checkpoint.info().batch, stopBatch);
        QCOMPARE(checkpoint.info().history.size(), std::size_t(stopEpoch - (stopBatch == 0 ? 0 : 1)));

        engine::TrainConfig second = checkpoint.info().experiment.training;
        second.outDir = dir(tag + " second");
        engine::Trainer resumed(second);
        resumed.resumeFrom(checkpoint);
        const engine::RunResult result = resumed.run(*m_dataset);
        compareEpochs(reference, result.epochs);
    }

    void moreEpochsAfterAFinishedRun()
    {
        // Train 2 epochs, then ask for 4 in total: the same as 4 from the start (constant rate).
        const engine::RunResult two = engine::Trainer(cpuConfig(2, dir("two")), testModel()).run(*m_dataset);
        engine::Trainer more(cpuConfig(4, dir("more")));
        more.resumeFrom(engine::Checkpoint::load(two.lastCheckpointPath));
        compareEpochs(m_reference, more.run(*m_dataset).epochs);

        // Asking for no more epochs than were done is refused, with the count.
        engine::Trainer none(cpuConfig(2, {}));
        none.resumeFrom(engine::Checkpoint::load(two.lastCheckpointPath));
        try {
            (void)none.run(*m_dataset);
            QFAIL("resuming with nothing left to train was accepted");
        } catch (const engine::Error& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("already trained 2 epochs")), e.what());
        }
    }

    void bestAndLastCheckpoints()
    {
        const fs::path out = dir("reference");
        QVERIFY(fs::exists(out / "last.ckpt"));
        QVERIFY(fs::exists(out / "best.ckpt"));
        QVERIFY(onlyExpectedFiles(out,
            {"last.ckpt", "best.ckpt", "model.pth", "metrics.csv", "manifest.json", "experiment.json", "health.jsonl",
                "health"})); // the layer-health record (docs/layer-health.md)
        const engine::Checkpoint best = engine::Checkpoint::load(out / "best.ckpt");
        int bestEpoch = 1;
        for (const auto& e : m_reference)
            if (e.testAccuracy > m_reference[static_cast<std::size_t>(bestEpoch - 1)].testAccuracy)
                bestEpoch = e.epoch;
        QCOMPARE(best.info().bestEpoch, bestEpoch);
        QCOMPARE(best.info().epoch, bestEpoch + 1);
        const engine::Checkpoint last = engine::Checkpoint::load(out / "last.ckpt");
        QCOMPARE(last.info().epoch, 5);
        QCOMPARE(last.info().dataset, engine::identifyDataset(*m_dataset));
        QCOMPARE(last.info().experiment.model, testModel());
        // Weights as plain floats, BatchNorm statistics included.
        const auto weights = last.weights();
        QVERIFY(std::any_of(weights.begin(), weights.end(), [](const engine::NamedArray& a) {
            return a.name == "1.running_var" && a.values.size() == 8 && a.values[0] != 1.0F;
        }));
    }

    void otherArchitectureIsRefusedWithTheDifferences()
    {
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(dir("reference") / "last.ckpt");
        const auto problems = engine::architectureMismatches(testModel(16), checkpoint);
        QVERIFY(!problems.empty());
        QCOMPARE(
            QString::fromStdString(problems.front()), QStringLiteral("0.weight: checkpoint 8x3x3x3, model 16x3x3x3"));
        QVERIFY(engine::architectureMismatches(testModel(), checkpoint).empty());

        engine::Trainer trainer(cpuConfig(6, {}), testModel(16));
        trainer.resumeFrom(checkpoint);
        try {
            (void)trainer.run(*m_dataset);
            QFAIL("a checkpoint of another architecture was accepted");
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
            const QString text = QString::fromStdString(e.what());
            QVERIFY2(text.contains(QStringLiteral("another architecture")), e.what());
            QVERIFY2(text.contains(QStringLiteral("1.weight: checkpoint 8, model 16")), e.what());
            QVERIFY2(text.contains(QStringLiteral("6.weight: checkpoint 4x512, model 4x1024")), e.what());
        }
    }

    void otherDataIsRefused()
    {
        const fs::path other = m_root / "other-data";
        test::writeCifar10(other, {.recordsPerTrainBatch = 64, .testRecords = 40, .classCount = 4});
        engine::Trainer trainer(cpuConfig(6, {}));
        trainer.resumeFrom(engine::Checkpoint::load(dir("reference") / "last.ckpt"));
        try {
            (void)trainer.run(engine::Dataset::load(other));
            QFAIL("a checkpoint trained on other data was accepted");
        } catch (const engine::Error& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("not on this data")), e.what());
        }
    }

    void damagedFilesAreRefusedByName_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << "truncated"
                                   << "damaged or truncated";
        QTest::newRow("garbage") << "garbage"
                                 << "not a checkpoint";
        QTest::newRow("state dict") << "statedict"
                                    << "not a CNN Workbench checkpoint";
        QTest::newRow("empty") << "empty"
                               << "not a checkpoint";
        QTest::newRow("missing") << "missing"
                                 << "cannot open the checkpoint";
    }

    void damagedFilesAreRefusedByName()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const std::string good = readAll(dir("reference") / "last.ckpt");
        const fs::path file = m_root / ("bad-" + kind.toStdString() + ".ckpt");
        if (kind == QLatin1String("truncated"))
            std::ofstream(file, std::ios::binary) << good.substr(0, good.size() * 2 / 3);
        else if (kind == QLatin1String("garbage"))
            std::ofstream(file, std::ios::binary) << "this is not a checkpoint at all";
        else if (kind == QLatin1String("statedict"))
            fs::copy_file(dir("reference") / "model.pth", file);
        else if (kind == QLatin1String("empty"))
            std::ofstream(file, std::ios::binary).flush();
        try {
            (void)engine::Checkpoint::load(file);
            QFAIL("a bad checkpoint was loaded");
        } catch (const engine::Error& e) {
            const QString text = QString::fromStdString(e.what());
            QVERIFY2(text.contains(expected), e.what());
            QVERIFY2(text.contains(QString::fromStdString(file.string())), e.what());
            QVERIFY2(!text.contains(QStringLiteral("Exception raised from")), e.what()); // no LibTorch backtrace
        }
    }

    void unwritableFolderLeavesNothing()
    {
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(dir("reference") / "last.ckpt");
        const fs::path notAFolder = m_root / "plain-file";
        std::ofstream(notAFolder) << "x";
        try {
            checkpoint.save(notAFolder / "c.ckpt");
            QFAIL("saving into a file as if it were a folder succeeded");
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::Io);
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("c.ckpt")), e.what());
        }
    }

    void fullDiskLeavesThePreviousFile()
    {
        // A file-size limit stands in for a full disk: write() fails with EFBIG instead of ENOSPC,
        // through the same path. SIGXFSZ would kill the process: ignore it, as the engine's callers may.
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(dir("reference") / "last.ckpt");
        const fs::path out = m_root / "full";
        fs::create_directories(out);
        const fs::path file = out / "c.ckpt";
        std::ofstream(file) << "previous";
        rlimit old{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &old) == 0);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old;
        small.rlim_cur = 4096;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        QString message;
        try {
            checkpoint.save(file);
        } catch (const engine::Error& e) {
            message = QString::fromStdString(e.what());
        }
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &old) == 0);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY2(message.contains(QStringLiteral("cannot write file")), qPrintable(message));
        QCOMPARE(readAll(file), std::string("previous"));
        QVERIFY(onlyExpectedFiles(out, {"c.ckpt"})); // the temporary is gone
    }

    void killedWriterLeavesALoadableFile()
    {
        const fs::path source = dir("reference") / "last.ckpt";
        const fs::path target = m_root / "killed" / "c.ckpt";
        fs::create_directories(target.parent_path());
        fs::copy_file(source, target);
        const engine::CheckpointInfo expected = engine::Checkpoint::load(source).info();
        for (int round = 0; round < 12; ++round) {
            QProcess writer;
            writer.start(QStringLiteral(CNNWB_CHECKPOINT_WRITER),
                {QString::fromStdString(source.string()), QString::fromStdString(target.string())});
            QVERIFY(writer.waitForStarted());
            QVERIFY(writer.waitForReadyRead(30000)); // it has loaded and begins writing
            QTest::qWait(static_cast<int>(QRandomGenerator::global()->bounded(5, 60)));
            writer.kill();
            QVERIFY(writer.waitForFinished());
            const engine::Checkpoint loaded = engine::Checkpoint::load(target);
            QCOMPARE(loaded.info().step, expected.step);
        }
        // A killed writer cannot remove its temporary: the next save of that process id would
        // overwrite it; nothing else is left beside the checkpoint.
        for (const auto& entry : fs::directory_iterator(target.parent_path()))
            QVERIFY(entry.path() == target || entry.path().filename().string().starts_with("c.ckpt.tmp-"));
    }

    void requestedCheckpointWhilePaused()
    {
        engine::TrainingControl control;
        Recorder recorder;
        control.pause();
        std::optional<engine::RunResult> result;
        std::thread worker(
            [&] { result = engine::Trainer(cpuConfig(2, {}), testModel()).run(*m_dataset, &recorder, &control); });
        const fs::path file = m_root / "requested.ckpt";
        control.requestCheckpoint(file);
        QTRY_VERIFY_WITH_TIMEOUT(fs::exists(file), 30000);
        control.resume();
        worker.join();
        QVERIFY(result.has_value());
        QCOMPARE(recorder.saved.size(), std::size_t{1});
        QCOMPARE(recorder.saved.front().first, file);
        QCOMPARE(recorder.saved.front().second, std::string());
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(file);
        QCOMPARE(checkpoint.info().epoch, 1); // paused before the first batch
        QCOMPARE(checkpoint.info().batch, 0);
    }

    void pythonReadsCheckpointAndStateDictSafely()
    {
        if (!QFileInfo::exists(pythonPath()))
            QSKIP("the venv's Python is missing (run scripts/setup.sh)");
        const QString marker = QString::fromStdString((m_root / "code-ran").string());
        const QString evil = QString::fromStdString((m_root / "evil.ckpt").string());
        const QString script = QStringLiteral(R"(
import os, sys, torch
ckpt = torch.load(sys.argv[1], weights_only=True)
assert ckpt["format"] == "cnnwb-checkpoint", ckpt.keys()
state = torch.load(sys.argv[2], weights_only=True)
assert set(state) == set(ckpt["model"]), (sorted(state), sorted(ckpt["model"]))
print("keys", len(state), "running_var", state["1.running_var"].shape[0])
class Evil:
    def __reduce__(self):
        return (os.system, ("touch " + sys.argv[3],))
torch.save({"format": "cnnwb-checkpoint", "info": Evil()}, sys.argv[4])
)");
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(pythonPath(),
            {QStringLiteral("-c"), script, QString::fromStdString((dir("reference") / "last.ckpt").string()),
                QString::fromStdString((dir("reference") / "model.pth").string()), marker, evil});
        QVERIFY(python.waitForFinished(300000));
        const QString output = QString::fromUtf8(python.readAll());
        QVERIFY2(python.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("running_var 8")), qPrintable(output));
        QVERIFY(!QFileInfo::exists(marker));
        try {
            (void)engine::Checkpoint::load(evil.toStdString());
            QFAIL("a checkpoint that calls os.system was loaded");
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        }
        QVERIFY2(!QFileInfo::exists(marker), "loading ran code from the file");
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
