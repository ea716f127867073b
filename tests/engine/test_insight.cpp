// Learning from a run, engine side: the classification report against hand-computed numbers,
// Grad-CAM and feature maps on a tiny network whose weights are known, evaluation of a checkpoint
// agreeing with the trainer's own last epoch, and the learning-rate range test on generated data.

#include "support/fixtures.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/insight/class_metrics.h"
#include "cnnwb/engine/insight/predictor.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/lr_finder.h"
#include "cnnwb/engine/train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance;
}

// 1x4x4 input -> Conv2d(1->2, 1x1) -> ReLU -> AdaptiveAvgPool2d(1) -> Flatten -> Linear(2->2).
engine::ModelSpec tinySpec()
{
    engine::ModelSpec spec;
    spec.name = "tiny";
    spec.input = {1, 4, 4};
    engine::LayerSpec conv;
    conv.kind = engine::LayerKind::Conv2d;
    conv.outChannels = 2;
    conv.kernel = 1;
    conv.padding = 0;
    engine::LayerSpec relu;
    relu.kind = engine::LayerKind::ReLU;
    engine::LayerSpec pool;
    pool.kind = engine::LayerKind::AdaptiveAvgPool2d;
    pool.outputSize = 1;
    engine::LayerSpec flatten;
    flatten.kind = engine::LayerKind::Flatten;
    engine::LayerSpec linear;
    linear.kind = engine::LayerKind::Linear;
    linear.outChannels = 2;
    spec.layers = {conv, relu, pool, flatten, linear};
    return spec;
}

engine::Predictor tinyPredictor()
{
    // Channel 0 = x, channel 1 = 2x; class 0 = mean(ch0) + 0.5 mean(ch1), class 1 = -mean(ch0).
    const std::vector<engine::NamedArray> weights = {{"0.weight", {2, 1, 1, 1}, {1.0F, 2.0F}},
        {"0.bias", {2}, {0.0F, 0.0F}}, {"4.weight", {2, 2}, {1.0F, 0.5F, -1.0F, 0.0F}}, {"4.bias", {2}, {0.0F, 0.0F}}};
    engine::Normalization off;
    off.enabled = false; // inputs are pixel / 255: easy to reason about
    return {tinySpec(), weights, {"bright", "dark"}, off};
}

std::vector<std::uint8_t> rampImage()
{
    std::vector<std::uint8_t> image(16);
    for (std::size_t i = 0; i < image.size(); ++i)
        image[i] = static_cast<std::uint8_t>(10 * i); // 0..150
    return image;
}

} // namespace

class TestInsight : public QObject {
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

    void reportMatchesHandComputedNumbers()
    {
        // Rows: true class; columns: predicted.
        const std::vector<std::int64_t> confusion = {5, 1, 0, 2, 3, 1, 0, 0, 4};
        const engine::ClassificationReport r = engine::classificationReport(confusion, 3, {"cat", "dog"});
        QCOMPARE(r.total, std::int64_t{16});
        QVERIFY(near(r.accuracy, 12.0 / 16.0));
        QCOMPARE(r.classes[0].name, std::string("cat"));
        QCOMPARE(r.classes[2].name, std::string("2"));
        QCOMPARE(r.classes[0].support, std::int64_t{6});
        QCOMPARE(r.classes[0].predicted, std::int64_t{7});
        QVERIFY(near(r.classes[0].precision, 5.0 / 7.0));
        QVERIFY(near(r.classes[0].recall, 5.0 / 6.0));
        QVERIFY(near(r.classes[1].precision, 3.0 / 4.0));
        QVERIFY(near(r.classes[1].recall, 0.5));
        QVERIFY(near(r.classes[1].f1, 2 * 0.75 * 0.5 / 1.25));
        QVERIFY(near(r.classes[2].precision, 0.8));
        QVERIFY(near(r.classes[2].recall, 1.0));
        QVERIFY(near(r.macroRecall, (5.0 / 6.0 + 0.5 + 1.0) / 3.0));
        const std::vector<double> normalized = engine::rowNormalized(confusion, 3);
        QVERIFY(near(normalized[3], 2.0 / 6.0));
        QVERIFY(near(normalized[8], 1.0));

        // A class that never occurs and is never predicted: zeros, left out of the macro means.
        const engine::ClassificationReport sparse = engine::classificationReport({{4, 0, 0, 0}}, 2);
        QVERIFY(near(sparse.classes[1].precision, 0.0) && near(sparse.classes[1].recall, 0.0));
        QVERIFY(near(sparse.macroRecall, 1.0));
        QVERIFY_THROWS_EXCEPTION(engine::Error, (void)engine::classificationReport({{1, 2, 3}}, 2));
        QVERIFY(engine::reportToJson(r).find("\"accuracy\": 0.75") != std::string::npos);
    }

    void gradCamOnKnownWeights()
    {
        const engine::Predictor predictor = tinyPredictor();
        const std::vector<std::uint8_t> image = rampImage();
        QCOMPARE(predictor.defaultCamLayer(), 1); // the ReLU: the last layer with a spatial output
        // Class 0's score is (1 * mean(x) + 0.5 * mean(2x)): every channel weight is positive, so the
        // map is the input itself, scaled to 0..1.
        const engine::FloatImage cam = predictor.gradCam(image.data(), 0);
        QCOMPARE(cam.width, 4);
        QCOMPARE(cam.height, 4);
        for (std::size_t i = 0; i < 16; ++i)
            QVERIFY2(near(cam.values[i], image[i] / 150.0, 1e-5), qPrintable(QString::number(cam.values[i])));
        // Class 1 only loses from brightness: nothing supports it anywhere.
        for (const float v : predictor.gradCam(image.data(), 1).values)
            QCOMPARE(v, 0.0F);
        // Without a class: the predicted one (bright).
        QCOMPARE(predictor.top(image.data(), 1).front().name, std::string("bright"));
        QCOMPARE(predictor.gradCam(image.data()).values, cam.values);
        QVERIFY_THROWS_EXCEPTION(engine::Error, (void)predictor.gradCam(image.data(), 0, 3)); // after Flatten
    }

    void featureMapsFiltersAndProbabilities()
    {
        const engine::Predictor predictor = tinyPredictor();
        const std::vector<std::uint8_t> image = rampImage();
        const std::vector<engine::FloatImage> conv = predictor.featureMaps(image.data(), 0);
        QCOMPARE(conv.size(), std::size_t{2});
        QCOMPARE(conv[1].width, 4);
        QCOMPARE(conv[1].height, 4);
        QVERIFY(near(conv[1].values[5], 2.0 * 50.0 / 255.0, 1e-6));
        const std::vector<engine::FloatImage> pooled = predictor.featureMaps(image.data(), 2);
        QCOMPARE(pooled.size(), std::size_t{2});
        QCOMPARE(pooled[0].width, 1);
        const std::vector<engine::FloatImage> flat = predictor.featureMaps(image.data(), 3);
        QCOMPARE(flat.size(), std::size_t{1});
        QCOMPARE(flat[0].width, 2);
        QVERIFY_THROWS_EXCEPTION(engine::Error, (void)predictor.featureMaps(image.data(), 5));

        const std::vector<engine::NamedArray> filters = predictor.firstConvFilters();
        QCOMPARE(filters.size(), std::size_t{2});
        QCOMPARE(filters[1].shape, (std::vector<std::int64_t>{1, 1, 1}));
        QCOMPARE(filters[1].values.front(), 2.0F);

        const std::vector<double> p = predictor.probabilities(image.data());
        QVERIFY(near(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-6)); // float32 softmax
        const double mean = 75.0 / 255.0;                                   // mean pixel
        const double z0 = mean + 0.5 * 2.0 * mean;
        const double z1 = -mean;
        QVERIFY(near(p[0], std::exp(z0) / (std::exp(z0) + std::exp(z1)), 1e-6));
    }

    void evaluationAgreesWithTheTrainer()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config;
        config.epochs = 1;
        config.batchSize = 16;
        config.device = "cpu";
        config.seed = 3;
        config.outDir = fs::path(m_tmp.path().toStdString()) / "run";
        const engine::RunResult run = engine::Trainer(config).run(data);
        const engine::Predictor predictor
            = engine::Predictor::fromCheckpoint(engine::Checkpoint::load(run.lastCheckpointPath));
        const engine::Predictor::Evaluation e = predictor.evaluate(data);
        QCOMPARE(e.report.confusion, run.epochs.back().confusion);
        QVERIFY(near(e.report.accuracy, run.epochs.back().testAccuracy, 1e-12));
        QVERIFY(near(e.loss, run.epochs.back().testLoss, 1e-4));
        QCOMPARE(e.samples.size(), std::size_t{80});
        for (const engine::SamplePrediction& s : e.samples)
            QVERIFY(s.confidence > 0.0 && s.confidence <= 1.0);
        QCOMPARE(predictor.classNames().size(), std::size_t{4});
    }

    void learningRateFinderSweepsAndSuggests()
    {
        const engine::Dataset data = engine::Dataset::load(m_cifar);
        engine::TrainConfig config;
        config.batchSize = 16;
        config.device = "cpu";
        config.optimizer = engine::OptimizerKind::Sgd;
        engine::LrFinderOptions options;
        options.startRate = 1e-5;
        options.endRate = 100.0;
        options.steps = 80;
        const engine::LrFinderResult r
            = engine::findLearningRate(data, engine::seedModelSpec(data.info().shape, 4), config, options);
        QVERIFY(r.points.size() >= 20);
        for (std::size_t i = 1; i < r.points.size(); ++i)
            QVERIFY(near(r.points[i].learningRate / r.points[i - 1].learningRate, std::pow(1e7, 1.0 / 79.0), 1e-9));
        QCOMPARE(r.points.size(), std::size_t{80}); // this data is learned to a loss of 0: nothing blows up
        QCOMPARE(r.method, std::string("steepest descent"));
        QVERIFY(r.suggestedRate > options.startRate && r.suggestedRate <= r.minimumLossRate);
        // The suggestion lies where the loss is falling: lower a little later than there.
        std::size_t at = 0;
        while (r.points[at].learningRate < r.suggestedRate)
            ++at;
        QVERIFY(r.points[std::min(at + 5, r.points.size() - 1)].smoothedLoss < r.points[at].smoothedLoss);

        // Noise (random pixels and labels) cannot be learned: at high rates the loss blows up and
        // the sweep stops early.
        const fs::path noise = fs::path(m_tmp.path().toStdString()) / "noise";
        test::writeCifar10(noise, {.recordsPerTrainBatch = 64, .testRecords = 16, .classCount = 4});
        std::uint64_t state = 12345;
        for (int batch = 1; batch <= 5; ++batch) {
            std::vector<std::uint8_t> bytes(64 * 3073);
            for (std::size_t i = 0; i < bytes.size(); ++i) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                bytes[i] = static_cast<std::uint8_t>(state >> 56);
                if (i % 3073 == 0)
                    bytes[i] %= 4; // the label byte
            }
            test::writeBytes(noise / ("data_batch_" + std::to_string(batch) + ".bin"), bytes);
        }
        const engine::Dataset noisy = engine::Dataset::load(noise);
        const engine::LrFinderResult blown
            = engine::findLearningRate(noisy, engine::seedModelSpec(noisy.info().shape, 4), config, options);
        QVERIFY(blown.diverged);
        QVERIFY(blown.points.size() < 80);
        QVERIFY(blown.points.back().smoothedLoss > options.divergeFactor * 1.0); // well above where it started

        // On a drawn curve the suggestion is where the loss falls fastest.
        engine::LrFinderResult drawn;
        for (int i = 0; i <= 60; ++i) {
            const double logRate = -6.0 + i * 0.1; // 1e-6 .. 1
            const double loss = 2.0 - 1.5 / (1.0 + std::exp(-4.0 * (logRate + 3.0)))
                + (logRate > -1.0 ? 10.0 * (logRate + 1.0) : 0.0);
            drawn.points.push_back({std::pow(10.0, logRate), loss, loss});
        }
        engine::suggestLearningRate(drawn);
        QCOMPARE(drawn.method, std::string("steepest descent"));
        QVERIFY2(
            std::abs(std::log10(drawn.suggestedRate) + 3.0) < 0.15, qPrintable(QString::number(drawn.suggestedRate)));
    }
};

QTEST_GUILESS_MAIN(TestInsight)
#include "test_insight.moc"
