// The trainer end to end on generated, separable data: the loss goes down, the accuracy goes up,
// the observer sees the events in order, stop is honoured, and weights and metrics are written.

#include "support/fixtures.h"

#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/error.h"
#include "cnnwb/engine/model_analysis.h"
#include "cnnwb/engine/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

struct Recorder : engine::TrainingObserver {
    std::vector<std::string> events;
    std::vector<engine::BatchMetrics> batches;
    engine::RunInfo info;
    int stopAfterBatches = -1;

    void onRunStarted(const engine::RunInfo& runInfo) override
    {
        info = runInfo;
        events.emplace_back("started");
    }
    void onBatch(const engine::BatchMetrics& metrics) override
    {
        batches.push_back(metrics);
        if (events.back() != "batch")
            events.emplace_back("batch");
    }
    void onEpoch(const engine::EpochMetrics& /*metrics*/) override { events.emplace_back("epoch"); }
    bool stopRequested() override
    {
        return stopAfterBatches >= 0 && static_cast<int>(batches.size()) >= stopAfterBatches;
    }
};

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_cifar;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_cifar = fs::path(m_tmp.path().toStdString()) / "separable";
        test::writeCifar10(m_cifar, {.recordsPerTrainBatch = 64, .testRecords = 80, .classCount = 4});
    }

    void learnsSeparableData()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config;
        config.epochs = 3;
        config.batchSize = 16;
        config.device = "cpu";
        config.seed = 7;
        config.outDir = fs::path(m_tmp.path().toStdString()) / "run";
        Recorder recorder;
        const engine::RunResult result = engine::Trainer(config).run(data, &recorder);

        QCOMPARE(result.epochs.size(), std::size_t {3});
        QVERIFY(!result.stopped);
        // Event order: started, then per epoch a run of batches followed by its epoch event.
        QCOMPARE(recorder.events,
            (std::vector<std::string> {"started", "batch", "epoch", "batch", "epoch", "batch", "epoch"}));
        QCOMPARE(recorder.info.batchesPerEpoch, 20); // 320 images / 16
        QCOMPARE(recorder.batches.size(), std::size_t {60});
        QCOMPARE(recorder.batches.back().batch, 20);
        QCOMPARE(recorder.info.device, std::string("cpu"));

        // The shape-only analysis and the built module agree on the parameter count.
        const std::int64_t summarized = engine::analyzeModel(engine::seedModelSpec(data.info().shape, 4)).parameters;
        QCOMPARE(recorder.info.parameterCount, summarized);

        const double firstLoss = recorder.batches.front().loss;
        const engine::EpochMetrics& last = result.epochs.back();
        qInfo("first batch loss %.3f, last epoch train loss %.3f, test accuracy %.3f", firstLoss, last.trainLoss,
            last.testAccuracy);
        QVERIFY2(last.trainLoss < 0.5 * firstLoss, "training loss did not fall");
        QVERIFY(result.epochs.front().trainLoss > last.trainLoss);
        QVERIFY2(last.testAccuracy >= 0.9, "test accuracy did not rise on separable data");
        QVERIFY(last.trainAccuracy > result.epochs.front().trainAccuracy || result.epochs.front().trainAccuracy > 0.95);
        QVERIFY(last.imagesPerSecond > 0.0);

        QVERIFY(fs::file_size(result.weightsPath) > 4 * static_cast<std::uintmax_t>(summarized));
        std::ifstream csv(result.metricsPath);
        std::string header;
        std::getline(csv, header);
        QCOMPARE(
            header, std::string("epoch,train_loss,train_accuracy,test_loss,test_accuracy,images_per_second,seconds"));
        int rows = 0;
        for (std::string line; std::getline(csv, line);)
            ++rows;
        QCOMPARE(rows, 3);
    }

    void stopsBetweenBatchesAndKeepsWeights()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config;
        config.epochs = 5;
        config.batchSize = 16;
        config.device = "cpu";
        config.outDir = fs::path(m_tmp.path().toStdString()) / "stopped";
        Recorder recorder;
        recorder.stopAfterBatches = 25; // in epoch 2
        const engine::RunResult result = engine::Trainer(config).run(data, &recorder);
        QVERIFY(result.stopped);
        QCOMPARE(recorder.batches.size(), std::size_t {25});
        QCOMPARE(result.epochs.size(), std::size_t {2}); // epoch 2 is evaluated with the batches it had
        QVERIFY(fs::exists(result.weightsPath));
    }

    void rejectsBadSettings_data()
    {
        QTest::addColumn<int>("epochs");
        QTest::addColumn<int>("batchSize");
        QTest::addColumn<double>("learningRate");
        QTest::addColumn<QString>("device");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("epochs") << 0 << 64 << 1e-3 << "cpu"
                                << "epochs";
        QTest::newRow("batch") << 1 << 0 << 1e-3 << "cpu"
                               << "batch size";
        QTest::newRow("lr") << 1 << 64 << -1.0 << "cpu"
                            << "learning rate";
        QTest::newRow("device") << 1 << 64 << 1e-3 << "gpu0"
                                << "unknown device";
    }

    void rejectsBadSettings()
    {
        QFETCH(int, epochs);
        QFETCH(int, batchSize);
        QFETCH(double, learningRate);
        QFETCH(QString, device);
        QFETCH(QString, fragment);
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config;
        config.epochs = epochs;
        config.batchSize = batchSize;
        config.learningRate = learningRate;
        config.device = device.toStdString();
        try {
            (void)engine::Trainer(config).run(data);
            QFAIL("bad settings were accepted");
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
            QVERIFY2(QString::fromStdString(e.what()).contains(fragment), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestTraining)
#include "test_training.moc"
