// The trainer end to end on generated, separable data: the loss goes down, the accuracy goes up,
// the observer sees the events in order, stop is honoured, and weights and metrics are written.

#include "support/fixtures.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/train/trainer.h"
#include "cnnwb/engine/train/training_control.h"

#include <QTemporaryDir>
#include <QTest>

#include <QRegularExpression>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <numeric>
#include <set>
#include <thread>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

struct Recorder : engine::TrainingObserver {
    std::vector<std::string> events;
    std::vector<engine::BatchMetrics> batches;
    std::vector<engine::EpochMetrics> epochs;
    engine::RunInfo info;
    engine::TrainingControl* control = nullptr;
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
        if (control != nullptr && static_cast<int>(batches.size()) == stopAfterBatches)
            control->requestStop();
    }
    void onEpoch(const engine::EpochMetrics& metrics) override
    {
        epochs.push_back(metrics);
        events.emplace_back("epoch");
    }
    void onFinished(const engine::RunResult& /*result*/) override { events.emplace_back("finished"); }
};

engine::TrainConfig cpuConfig(int epochs)
{
    engine::TrainConfig config;
    config.epochs = epochs;
    config.batchSize = 16;
    config.device = "cpu";
    config.seed = 7;
    return config;
}

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

    void validationSplitIsSeededAndStratified()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar); // 320 train images, 80 per class
        const engine::Dataset a = data.holdOutValidation(0.25, 3);
        const engine::Dataset b = data.holdOutValidation(0.25, 3);
        const engine::Dataset other = data.holdOutValidation(0.25, 4);
        QCOMPARE(a.size(engine::Split::Train), std::int64_t{240});
        QCOMPARE(a.size(engine::Split::Test), std::int64_t{80});
        QVERIFY(std::equal(a.pixels(engine::Split::Test).begin(), a.pixels(engine::Split::Test).end(),
            b.pixels(engine::Split::Test).begin()));
        QVERIFY(!std::equal(a.pixels(engine::Split::Test).begin(), a.pixels(engine::Split::Test).end(),
            other.pixels(engine::Split::Test).begin()));
        std::vector<int> perClass(4, 0);
        for (const std::int64_t label : a.labels(engine::Split::Test))
            ++perClass[static_cast<std::size_t>(label)];
        QCOMPARE(perClass, (std::vector<int>{20, 20, 20, 20}));
        // Nothing lost or duplicated: the two parts hold exactly the original training images.
        const std::size_t image = static_cast<std::size_t>(data.info().shape.elementCount());
        std::multiset<std::vector<std::uint8_t>> original;
        std::multiset<std::vector<std::uint8_t>> parts;
        for (std::int64_t i = 0; i < data.size(engine::Split::Train); ++i)
            original.emplace(data.pixels(engine::Split::Train).begin() + i * image,
                data.pixels(engine::Split::Train).begin() + (i + 1) * image);
        for (const engine::Split split : {engine::Split::Train, engine::Split::Test})
            for (std::int64_t i = 0; i < a.size(split); ++i)
                parts.emplace(a.pixels(split).begin() + i * image, a.pixels(split).begin() + (i + 1) * image);
        QVERIFY(original == parts);
        QVERIFY_THROWS_EXCEPTION(engine::Error, (void)data.holdOutValidation(1.0, 0));

        // The trainer evaluates on the held-out part when asked.
        engine::TrainConfig config = cpuConfig(1);
        config.validationFraction = 0.25;
        config.validationSeed = 3;
        Recorder recorder;
        (void)engine::Trainer(config).run(data, &recorder);
        QCOMPARE(recorder.info.trainCount, std::int64_t{240});
        QCOMPARE(recorder.info.testCount, std::int64_t{80});
        QCOMPARE(recorder.info.evaluationSplit, std::string("validation (25 % of train, seed 3)"));
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

        QCOMPARE(result.epochs.size(), std::size_t{3});
        QVERIFY(!result.stopped);
        // Event order: started, then per epoch a run of batches followed by its epoch event.
        QCOMPARE(recorder.events,
            (std::vector<std::string>{"started", "batch", "epoch", "batch", "epoch", "batch", "epoch", "finished"}));
        QCOMPARE(recorder.info.batchesPerEpoch, 20); // 320 images / 16
        QCOMPARE(recorder.batches.size(), std::size_t{60});
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
        QCOMPARE(header,
            std::string(
                "epoch,train_loss,train_accuracy,test_loss,test_accuracy,images_per_second,seconds,learning_rate"));
        int rows = 0;
        for (std::string line; std::getline(csv, line);)
            ++rows;
        QCOMPARE(rows, 3);
    }

    void stopsWithinOneBatchAndKeepsWeights()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config = cpuConfig(5);
        config.outDir = fs::path(m_tmp.path().toStdString()) / "stopped";
        engine::TrainingControl control;
        Recorder recorder;
        recorder.control = &control;
        recorder.stopAfterBatches = 25; // in epoch 2
        const engine::RunResult result = engine::Trainer(config).run(data, &recorder, &control);
        QVERIFY(result.stopped);
        QCOMPARE(recorder.batches.size(), std::size_t{25}); // not one batch more
        QCOMPARE(result.epochs.size(), std::size_t{1});     // epoch 2 did not finish: not an epoch
        QCOMPARE(result.stoppedInEpoch, 2);
        QCOMPARE(std::count_if(recorder.batches.begin(), recorder.batches.end(),
                     [](const engine::BatchMetrics& b) { return b.epoch == 2; }),
            std::ptrdiff_t{result.stoppedAfterBatches});
        // metrics.csv tells the same story: the header and epoch 1.
        std::ifstream csv(result.metricsPath);
        const std::string text{std::istreambuf_iterator<char>(csv), std::istreambuf_iterator<char>()};
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), std::ptrdiff_t{2});
        QCOMPARE(recorder.events.back(), std::string("finished"));
        QVERIFY(fs::exists(result.weightsPath));
    }

    void pausesAndResumes()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainingControl control;
        std::atomic<int> batches{0};
        struct Counter : engine::TrainingObserver {
            std::atomic<int>* count;
            engine::TrainingControl* control;
            void onBatch(const engine::BatchMetrics& /*m*/) override
            {
                if (++*count == 3)
                    control->pause(); // pause from inside, as a GUI click between batches would
            }
        } counter;
        counter.count = &batches;
        counter.control = &control;
        engine::RunResult result;
        std::thread worker([&] { result = engine::Trainer(cpuConfig(1)).run(data, &counter, &control); });
        QTRY_VERIFY(control.paused());
        QTest::qWait(300);
        QCOMPARE(batches.load(), 3); // nothing moves while paused
        control.resume();
        worker.join();
        QCOMPARE(batches.load(), 20);
        QVERIFY(!result.stopped);
        QCOMPARE(result.epochs.size(), std::size_t{1});

        // A stop while paused ends the run without waiting for a resume.
        engine::TrainingControl second;
        counter.control = &second;
        batches = 0;
        std::thread again([&] { result = engine::Trainer(cpuConfig(1)).run(data, &counter, &second); });
        QTRY_VERIFY(second.paused());
        second.requestStop();
        again.join();
        QVERIFY(result.stopped);
        QCOMPARE(batches.load(), 3);
    }

    void sameSeedSameMetrics()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        Recorder first;
        Recorder second;
        (void)engine::Trainer(cpuConfig(2)).run(data, &first);
        (void)engine::Trainer(cpuConfig(2)).run(data, &second);
        QCOMPARE(first.batches.size(), second.batches.size());
        for (std::size_t i = 0; i < first.batches.size(); ++i)
            QCOMPARE(first.batches[i].loss, second.batches[i].loss); // bit for bit
        QCOMPARE(first.epochs.back().testLoss, second.epochs.back().testLoss);
        QCOMPARE(first.epochs.back().confusion, second.epochs.back().confusion);
        engine::TrainConfig other = cpuConfig(2);
        other.seed = 8;
        Recorder third;
        (void)engine::Trainer(other).run(data, &third);
        QVERIFY(third.batches.front().loss != first.batches.front().loss);
    }

    void nanLossStopsWithItsMessage()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config = cpuConfig(3);
        config.optimizer = engine::OptimizerKind::Sgd;
        config.learningRate = 10.0; // far too high: the weights blow up within a few steps
        config.momentum = 0.99;
        try {
            (void)engine::Trainer(config).run(data);
            QFAIL("a diverging run did not stop");
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::Diverged);
            const QString text = QString::fromStdString(e.what());
            QVERIFY2(text.contains(QRegularExpression(
                         QStringLiteral("the loss became (NaN|infinite) at epoch [0-9]+, batch [0-9]+"))),
                qPrintable(text));
        }
    }

    void optimizersAndEvaluation_data()
    {
        QTest::addColumn<int>("optimizer");
        QTest::addColumn<int>("schedule");
        QTest::newRow("sgd nesterov step") << int(engine::OptimizerKind::Sgd) << int(engine::ScheduleKind::Step);
        QTest::newRow("adamw cosine") << int(engine::OptimizerKind::AdamW) << int(engine::ScheduleKind::Cosine);
        QTest::newRow("adam onecycle") << int(engine::OptimizerKind::Adam) << int(engine::ScheduleKind::OneCycle);
    }

    void optimizersAndEvaluation()
    {
        QFETCH(int, optimizer);
        QFETCH(int, schedule);
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config = cpuConfig(3);
        config.optimizer = engine::OptimizerKind(optimizer);
        config.schedule = engine::ScheduleKind(schedule);
        config.nesterov = config.optimizer == engine::OptimizerKind::Sgd;
        config.learningRate = config.optimizer == engine::OptimizerKind::Sgd ? 0.02 : 2e-3;
        config.weightDecay = 1e-4;
        config.labelSmoothing = 0.1;
        config.gradientClipNorm = 5.0;
        Recorder recorder;
        const engine::RunResult result = engine::Trainer(config).run(data, &recorder);
        const engine::EpochMetrics& last = result.epochs.back();
        QVERIFY2(last.testAccuracy >= 0.9, qPrintable(QString::number(last.testAccuracy)));
        // Every batch used the schedule's rate.
        for (const auto& batch : recorder.batches)
            QCOMPARE(batch.learningRate, engine::learningRateAt(config, batch.step, 20));
        // The confusion matrix counts every test image once; per-class accuracy is its diagonal share.
        QCOMPARE(last.confusion.size(), std::size_t{16});
        QCOMPARE(std::accumulate(last.confusion.begin(), last.confusion.end(), std::int64_t{0}), std::int64_t{80});
        for (std::size_t k = 0; k < 4; ++k)
            QCOMPARE(last.testClassAccuracy[k], double(last.confusion[k * 4 + k]) / 20.0);
        QCOMPARE(result.bestEpoch >= 1, true);
    }

    void earlyStoppingTracksTheBestEpoch()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config = cpuConfig(6);
        config.learningRate = 1e-9; // learns nothing: the accuracy cannot improve after epoch 1
        config.earlyStoppingPatience = 2;
        const engine::RunResult result = engine::Trainer(config).run(data);
        QVERIFY(result.earlyStopped);
        QCOMPARE(result.epochs.size(), std::size_t{3});
        QCOMPARE(result.bestEpoch, 1);
        QCOMPARE(result.bestTestAccuracy, result.epochs.front().testAccuracy);
    }

    void schedulesGiveTheExpectedRates()
    {
        engine::TrainConfig c;
        c.epochs = 10;
        c.learningRate = 0.1;
        const auto at = [&](std::int64_t step) { return engine::learningRateAt(c, step, 100); };
        QCOMPARE(at(0), 0.1);
        QCOMPARE(at(999), 0.1);
        c.schedule = engine::ScheduleKind::Step;
        c.stepEpochs = 3;
        c.stepGamma = 0.5;
        QCOMPARE(at(299), 0.1);
        QCOMPARE(at(300), 0.05);
        QCOMPARE(at(600), 0.025);
        c.schedule = engine::ScheduleKind::Cosine;
        QCOMPARE(at(0), 0.1);
        QVERIFY(qAbs(at(500) - 0.05) < 1e-12);
        QVERIFY(at(999) < 1e-6);
        c.warmupEpochs = 2;
        QCOMPARE(at(0), 0.1 / 200.0);
        QCOMPARE(at(99), 0.1 * 100.0 / 200.0);
        QCOMPARE(at(200), 0.1);
        QVERIFY(qAbs(at(600) - 0.05) < 1e-12);       // cosine over the 800 steps after warm-up
        c.schedule = engine::ScheduleKind::OneCycle; // PyTorch's OneCycleLR(max_lr=0.1, total_steps=1000)
        QVERIFY(qAbs(at(0) - 0.004) < 1e-12);
        QVERIFY(qAbs(at(299) - 0.1) < 1e-12);
        QVERIFY(qAbs(at(999) - 0.004 / 1e4) < 1e-12);
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
