// Layer health (docs/layer-health.md): the statistics a run samples, the diagnoses they make fire,
// health.jsonl across a resume, and the TensorBoard files as TensorBoard's own reader sees them.
//
// This test compiles against LibTorch (to make a network that is dead from the start), so it
// includes no spdlog header (see engine/CMakeLists.txt).

#include "support/fixtures.h"

#include "insight/diagnostician.h"
#include "model/model_builder.h"
#include "train/checkpoint_state.h"
#include "train/state_dict_file.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/insight/layer_health.h"
#include "cnnwb/engine/train/trainer.h"
#include "cnnwb/engine/train/training_control.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <optional>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

struct HealthRecorder : engine::TrainingObserver {
    std::vector<engine::HealthSample> samples;
    std::vector<engine::Diagnosis> fired;
    std::vector<engine::EpochMetrics> epochs;
    std::vector<engine::EpochHealth> epochHealth;
    engine::TrainingControl* control = nullptr;
    int stopAfterBatches = -1;
    int batches = 0;

    void onBatch(const engine::BatchMetrics& /*metrics*/) override
    {
        if (control != nullptr && ++batches == stopAfterBatches)
            control->requestStop();
    }
    void onHealth(const engine::HealthSample& sample) override
    {
        samples.push_back(sample);
        fired.insert(fired.end(), sample.fired.begin(), sample.fired.end());
    }
    void onEpoch(const engine::EpochMetrics& metrics) override { epochs.push_back(metrics); }
    void onEpochHealth(const engine::EpochHealth& health) override { epochHealth.push_back(health); }

    [[nodiscard]] const engine::Diagnosis* find(engine::DiagnosisKind kind) const
    {
        const auto it = std::find_if(fired.begin(), fired.end(), [&](const auto& d) { return d.kind == kind; });
        return it == fired.end() ? nullptr : &*it;
    }
    [[nodiscard]] QString names() const
    {
        QStringList list;
        for (const engine::Diagnosis& d : fired)
            list << QString::fromStdString(std::string(engine::diagnosisKindName(d.kind)) + " @"
                + std::to_string(d.step) + ": " + d.message.english());
        return list.join(QStringLiteral("; "));
    }
};

engine::TrainConfig cpuConfig(int epochs)
{
    engine::TrainConfig config;
    config.epochs = epochs;
    config.batchSize = 16;
    config.device = "cpu";
    config.seed = 7;
    config.threads = 1; // the same statistics run after run (the resume test compares them)
    config.healthEvery = 2;
    return config;
}

double tensorSum(const at::Tensor& t)
{
    return t.to(torch::kFloat64).sum().item<double>();
}

double tensorNorm(const at::Tensor& t)
{
    return t.to(torch::kFloat64).norm().item<double>();
}

at::Tensor stateDictTensor(const fs::path& file, const std::string& name)
{
    for (const auto& [key, tensor] : engine::readStateDictFile(file))
        if (key == name)
            return tensor;
    return {};
}

// A made-up sample of the seed CNN's five layers: Conv2d and Linear with weights.
engine::HealthSample sampleOf(std::int64_t step, double loss, double updateRatio, double firstGradient = 0.1)
{
    const double nan = std::nan("");
    engine::HealthSample s{.epoch = 1, .step = step, .loss = loss, .gradientNorm = 1.0, .layers = {}};
    const auto layer = [&](int index, const char* kind, bool weighted) {
        engine::LayerStats l{.layer = index,
            .kind = kind,
            .weightNorm = weighted ? 1.0 : nan,
            .gradientNorm = weighted ? (index == 0 ? firstGradient : 0.1) : nan,
            .updateRatio = weighted ? updateRatio : nan,
            .activationMean = 0.5,
            .activationStd = 0.5,
            .deadFraction = index == 1 ? 0.1 : nan,
            .saturatedFraction = nan,
            .batchSpread = 0.3};
        s.layers.push_back(l);
    };
    layer(0, "Conv2d", true);
    layer(1, "ReLU", false);
    layer(2, "MaxPool2d", false);
    layer(3, "Flatten", false);
    layer(4, "Linear", true);
    return s;
}

engine::EpochMetrics epochOf(int epoch, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy)
{
    engine::EpochMetrics m;
    m.epoch = epoch;
    m.trainLoss = trainLoss;
    m.testLoss = testLoss;
    m.trainAccuracy = trainAccuracy;
    m.testAccuracy = testAccuracy;
    return m;
}

std::vector<engine::DiagnosisKind> kindsOf(const std::vector<engine::Diagnosis>& diagnoses)
{
    std::vector<engine::DiagnosisKind> kinds;
    for (const engine::Diagnosis& d : diagnoses)
        kinds.push_back(d.kind);
    return kinds;
}

bool near(double a, double b, double relative)
{
    return std::abs(a - b) <= relative * std::max({1.0, std::abs(a), std::abs(b)});
}

} // namespace

class TestLayerHealth : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_cifar;
    std::optional<engine::Dataset> m_data;

    [[nodiscard]] fs::path dir(const std::string& name) const { return fs::path(m_tmp.path().toStdString()) / name; }

    // The seed CNN (Conv2d, ReLU, MaxPool2d, Flatten, Linear) with every convolution's bias at
    // -100: the ReLU after it gives zero for every image from the first step, and no gradient
    // reaches the convolution to bring it back.
    [[nodiscard]] fs::path deadWeights() const
    {
        const engine::ModelSpec spec = engine::seedModelSpec(m_data->info().shape, 4);
        torch::manual_seed(1);
        torch::nn::Sequential model = engine::buildModel(spec);
        {
            const torch::NoGradGuard noGrad;
            model->named_parameters()["0.bias"].fill_(-100.0);
        }
        const fs::path file = dir("dead.pth");
        const std::string bytes = engine::stateDictBytes(engine::modelTensors(model));
        std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return file;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_cifar = dir("separable");
        test::writeCifar10(m_cifar, {.recordsPerTrainBatch = 64, .testRecords = 80, .classCount = 4});
        m_data = engine::Dataset::load(m_cifar); // 320 training images: 20 steps an epoch
    }

    // Each rule of docs/layer-health.md on made-up samples, just over and just under its threshold.
    void rulesFireAtTheirThresholds()
    {
        using K = engine::DiagnosisKind;
        const engine::ModelSpec spec = engine::seedModelSpec({3, 32, 32}, 4);
        const auto run = [&](const std::vector<engine::HealthSample>& samples, double lr = 1e-3, double peak = 1e-3) {
            engine::Diagnostician d(spec, 4);
            d.startEpoch(1);
            for (const engine::HealthSample& s : samples)
                (void)d.examine(s, lr, peak);
            return kindsOf(d.firedThisEpoch());
        };
        const double chance = std::log(4.0);
        // Update ratio 0.06 with the loss well above chance, three samples in a row: too high; two: not yet.
        QCOMPARE(run({sampleOf(0, 3 * chance, 0.06), sampleOf(50, 3 * chance, 0.06), sampleOf(100, 3 * chance, 0.06)}),
            std::vector<K>{K::LearningRateTooHigh});
        QVERIFY(run({sampleOf(0, 3 * chance, 0.06), sampleOf(50, 3 * chance, 0.06)}).empty());
        QVERIFY(run({sampleOf(0, chance, 0.06), sampleOf(50, chance, 0.06), sampleOf(100, chance, 0.06)}).empty());
        QVERIFY(run({sampleOf(0, 3 * chance, 0.04), sampleOf(50, 3 * chance, 0.04), sampleOf(100, 3 * chance, 0.04)})
                    .empty());
        QCOMPARE(run({sampleOf(0, std::nan(""), 0.001)}), std::vector<K>{K::LearningRateTooHigh});
        // Too low: the epoch's median below 1e-5.
        QCOMPARE(run({sampleOf(0, chance, 5e-6), sampleOf(50, chance, 5e-6), sampleOf(100, chance, 5e-6)}),
            std::vector<K>{K::LearningRateTooLow});
        QVERIFY(run({sampleOf(0, chance, 2e-5), sampleOf(50, chance, 2e-5), sampleOf(100, chance, 2e-5)}).empty());
        // A schedule's tail (cosine near its end) steps small by design: not blamed on the rate.
        QVERIFY(run({sampleOf(0, chance, 5e-6), sampleOf(50, chance, 5e-6), sampleOf(100, chance, 5e-6)}, 1e-5, 1e-3)
                    .empty());
        // Exploding: above 10 and 100 × the first norm.
        engine::HealthSample big = sampleOf(50, chance, 0.001);
        big.gradientNorm = 150.0;
        QCOMPARE(run({sampleOf(0, chance, 0.001), big}), std::vector<K>{K::ExplodingGradients});
        big.gradientNorm = 90.0;
        QVERIFY(run({sampleOf(0, chance, 0.001), big}).empty());
        // Vanishing: the first layer's relative gradient under 1e-4 of the last's, three samples.
        QCOMPARE(run({sampleOf(0, chance, 0.001, 5e-6), sampleOf(50, chance, 0.001, 5e-6),
                     sampleOf(100, chance, 0.001, 5e-6)}),
            std::vector<K>{K::VanishingGradients});
        QVERIFY(run(
            {sampleOf(0, chance, 0.001, 2e-5), sampleOf(50, chance, 0.001, 2e-5), sampleOf(100, chance, 0.001, 2e-5)})
                    .empty());
        // Dead: half the ReLU's units; constant: the pool's output does not vary over the batch.
        std::vector<engine::HealthSample> dead;
        std::vector<engine::HealthSample> constant;
        for (int i = 0; i < 3; ++i) {
            dead.push_back(sampleOf(50 * i, chance, 0.001));
            dead.back().layers[1].deadFraction = 0.5;
            constant.push_back(sampleOf(50 * i, chance, 0.001));
            constant.back().layers[2].batchSpread = 0.0;
            constant.back().layers[3].batchSpread = 0.0;
        }
        QCOMPARE(run(dead), std::vector<K>{K::DeadRelus});
        const std::vector<K> once = run(constant);
        QCOMPARE(once, std::vector<K>{K::ConstantOutput}); // the pool, not also the Flatten after it
        dead.back().layers[1].deadFraction = 0.49;
        QVERIFY(run(dead).empty());

        // Epoch rules: at chance after epoch 1; no 1 % fall in 2 epochs; overfitting.
        const auto epochs = [&](const std::vector<engine::EpochMetrics>& history) {
            engine::Diagnostician d(spec, 4);
            d.startEpoch(static_cast<int>(history.size()));
            return kindsOf(d.examineEpoch(history));
        };
        QCOMPARE(epochs({epochOf(1, chance, chance, 0.25, 0.25)}), std::vector<K>{K::LossNotImproving});
        QVERIFY(epochs({epochOf(1, 0.97 * chance, chance, 0.3, 0.3)}).empty());
        QCOMPARE(epochs({epochOf(1, 1.0, 1.0, 0.6, 0.6), epochOf(2, 0.995, 1.0, 0.6, 0.6),
                     epochOf(3, 0.992, 1.0, 0.6, 0.6)}),
            std::vector<K>{K::LossNotImproving});
        QVERIFY(
            epochs({epochOf(1, 1.0, 1.0, 0.6, 0.6), epochOf(2, 0.995, 1.0, 0.6, 0.6), epochOf(3, 0.985, 1.0, 0.6, 0.6)})
                .empty());
        QCOMPARE(epochs({epochOf(1, 0.8, 0.9, 0.7, 0.65), epochOf(2, 0.6, 0.95, 0.8, 0.66),
                     epochOf(3, 0.4, 1.0, 0.9, 0.66)}),
            std::vector<K>{K::Overfitting});
        QVERIFY(epochs(
            {epochOf(1, 0.8, 0.9, 0.7, 0.65), epochOf(2, 0.6, 0.95, 0.8, 0.66), epochOf(3, 0.4, 0.94, 0.9, 0.66)})
                    .empty());
    }

    void hugeLearningRateIsDiagnosedInTheFirstEpoch()
    {
        engine::TrainConfig config = cpuConfig(2);
        config.optimizer = engine::OptimizerKind::Sgd;
        config.learningRate = 5.0;
        config.momentum = 0.0;
        HealthRecorder recorder;
        try {
            (void)engine::Trainer(config).run(*m_data, &recorder);
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::Diverged); // it may well blow up: said before it does
        }
        qInfo("%s", qPrintable(recorder.names()));
        const engine::Diagnosis* d = recorder.find(engine::DiagnosisKind::LearningRateTooHigh);
        QVERIFY2(d != nullptr, qPrintable(recorder.names()));
        QCOMPARE(d->epoch, 1);
        QVERIFY(d->step < 20);
        QCOMPARE(d->setting, std::string("learning_rate"));
        QVERIFY2(d->suggestion.english().find("lower the learning rate (now 5)") != std::string::npos,
            d->suggestion.english().c_str());
    }

    void deadReluNetworkIsDiagnosedNamingTheLayer()
    {
        engine::TrainConfig config = cpuConfig(1);
        config.initialWeights = deadWeights();
        config.outDir = dir("dead");
        HealthRecorder recorder;
        const engine::RunResult result = engine::Trainer(config).run(*m_data, &recorder);
        const engine::Diagnosis* d = recorder.find(engine::DiagnosisKind::DeadRelus);
        QVERIFY2(d != nullptr, qPrintable(recorder.names()));
        QCOMPARE(d->layer, 1);
        QVERIFY2(d->message.english().find("layer 1 (ReLU): 100 % of its units give zero") != std::string::npos,
            d->message.english().c_str());
        // Three samples in a row (steps 0, 2, 4) make it a finding, not a fluke.
        QCOMPARE(d->step, std::int64_t{4});
        QCOMPARE(recorder.samples.front().layers.at(1).deadFraction, 1.0);
        // The layers after it are constant because of it: only the diagnosis that explains it is given.
        QVERIFY2(recorder.find(engine::DiagnosisKind::ConstantOutput) == nullptr, qPrintable(recorder.names()));
        // Nothing reaches the weights, whatever the learning rate: it is not blamed.
        QVERIFY2(recorder.find(engine::DiagnosisKind::LearningRateTooLow) == nullptr, qPrintable(recorder.names()));
        // The epoch's metrics carry it (the CLI's epoch line prints them), and so does health.jsonl.
        const auto& diagnoses = result.epochs.at(0).diagnoses;
        QVERIFY(std::any_of(diagnoses.begin(), diagnoses.end(),
            [](const auto& x) { return x.kind == engine::DiagnosisKind::DeadRelus && x.layer == 1; }));
        const engine::HealthRecord record = engine::readHealthRecord(config.outDir);
        QCOMPARE(record.epochs.size(), std::size_t{1});
        QVERIFY(std::any_of(record.epochs[0].diagnoses.begin(), record.epochs[0].diagnoses.end(),
            [&](const auto& x) { return x.kind == d->kind && x.message.english() == d->message.english(); }));
    }

    // Stopped after the diagnosis fired and resumed in the same epoch: the epoch still reports it,
    // once, and the resumed run's observer is given the samples from before the stop too.
    void diagnosisSurvivesAResumeInItsEpoch()
    {
        engine::TrainConfig config = cpuConfig(1);
        config.initialWeights = deadWeights();
        config.outDir = dir("dead-resumed");
        engine::TrainingControl control;
        HealthRecorder stopper;
        stopper.control = &control;
        stopper.stopAfterBatches = 9; // steps 0..8: fired at step 4
        const engine::RunResult stopped = engine::Trainer(config).run(*m_data, &stopper, &control);
        QVERIFY(stopped.stopped);
        QVERIFY(stopper.find(engine::DiagnosisKind::DeadRelus) != nullptr);
        engine::Trainer resumed(config);
        resumed.resumeFrom(engine::Checkpoint::load(stopped.lastCheckpointPath));
        HealthRecorder recorder;
        const engine::RunResult result = resumed.run(*m_data, &recorder);
        QCOMPARE(recorder.samples.size(), std::size_t{10}); // 0, 2, ..., 18: 5 replayed, 5 measured
        QCOMPARE(recorder.samples.front().step, std::int64_t{0});
        const auto& diagnoses = result.epochs.at(0).diagnoses;
        QCOMPARE(std::count_if(diagnoses.begin(), diagnoses.end(),
                     [](const engine::Diagnosis& d) { return d.kind == engine::DiagnosisKind::DeadRelus; }),
            std::ptrdiff_t{1});
        const engine::HealthRecord record = engine::readHealthRecord(config.outDir);
        QCOMPARE(record.samples.size(), std::size_t{10});
        QCOMPARE(record.samples[2].fired.size(), std::size_t{1}); // step 4 keeps what it made fire
    }

    void cliPrintsDiagnosesUnderTheEpochLine()
    {
        QProcess cli;
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(CNNWB_CLI_PATH),
            {QStringLiteral("train"), QStringLiteral("--data"), QString::fromStdString(m_cifar.string()),
                QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch-size"), QStringLiteral("16"),
                QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--health-every"),
                QStringLiteral("2"), QStringLiteral("--weights"), QString::fromStdString(deadWeights().string()),
                QStringLiteral("--out"), QString::fromStdString(dir("cli-dead").string())});
        QVERIFY(cli.waitForFinished(120000));
        const QString out = QString::fromUtf8(cli.readAll());
        QVERIFY2(cli.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(
                     QStringLiteral("epoch 1/1: [^\n]*\n(  diagnosis: [^\n]*\n)*  diagnosis: layer 1 \\(ReLU\\): 100 % "
                                    "of its units give zero for every "
                                    "image \\(dead ReLUs\\) - try: lower the learning rate, use LeakyReLU instead"))),
            qPrintable(out));
    }

    void healthyRunRaisesNoDiagnosisAndMeasuresTheWeights()
    {
        engine::TrainConfig config = cpuConfig(3);
        config.outDir = dir("healthy");
        HealthRecorder recorder;
        const engine::RunResult result = engine::Trainer(config).run(*m_data, &recorder);
        QVERIFY2(recorder.fired.empty(), qPrintable(recorder.names()));
        for (const engine::EpochMetrics& m : result.epochs)
            QVERIFY(m.diagnoses.empty());
        QVERIFY(result.epochs.back().testAccuracy > 0.9);

        // Every other step is sampled: 30 of 60, each with the five layers.
        QCOMPARE(recorder.samples.size(), std::size_t{30});
        for (const engine::HealthSample& s : recorder.samples) {
            QCOMPARE(s.layers.size(), std::size_t{5});
            const engine::LayerStats& conv = s.layers[0];
            QCOMPARE(conv.kind, std::string("Conv2d"));
            QVERIFY(conv.weightNorm > 0.0 && conv.gradientNorm > 0.0);
            QVERIFY2(conv.updateRatio > 1e-5 && conv.updateRatio < 0.05, qPrintable(QString::number(conv.updateRatio)));
            QVERIFY(std::isnan(s.layers[1].weightNorm)); // a ReLU has no weights
            QVERIFY(s.layers[1].deadFraction >= 0.0 && s.layers[1].deadFraction < 0.5);
            QVERIFY(s.layers[1].activationMean >= 0.0);
            QVERIFY(std::isfinite(s.loss) && s.gradientNorm > 0.0);
        }

        // The last epoch's weight histogram is of the weights the run saved.
        const engine::EpochHealth& last = recorder.epochHealth.back();
        QCOMPARE(last.epoch, 3);
        const at::Tensor weights = stateDictTensor(result.weightsPath, "0.weight");
        QVERIFY(weights.defined());
        const engine::Histogram& h = last.layers.at(0).weights;
        QCOMPARE(h.count, weights.numel());
        QVERIFY(near(h.sum, tensorSum(weights), 1e-9));
        QVERIFY(near(std::sqrt(h.sumSquares), tensorNorm(weights), 1e-9));
        QCOMPARE(std::accumulate(h.bins.begin(), h.bins.end(), 0.0), static_cast<double>(weights.numel()));
        QCOMPARE(h.min, weights.min().item<double>());
        QCOMPARE(h.max, weights.max().item<double>());
        // Activations of the 64 probe images: 64 × 32 × 32 × 32 values out of the convolution.
        QCOMPARE(last.layers.at(0).activations.count, std::int64_t{64 * 32 * 32 * 32});
        QVERIFY(last.layers.at(0).gradients.count == weights.numel());
        QCOMPARE(last.layers.at(1).weights.count, std::int64_t{0});
        // The 32 filters of the first convolution and the probe image's 32 maps, as tiles.
        QCOMPARE(last.firstConvLayer, 0);
        QVERIFY(last.filters.width > 0 && last.filters.height > 0);
        QCOMPARE(last.filters.pixels.size(), std::size_t(last.filters.width * last.filters.height * 3));
        QVERIFY(last.featureMaps.width >= 32 * 4);

        // What the run folder keeps reads back the same.
        const engine::HealthRecord record = engine::readHealthRecord(config.outDir);
        QCOMPARE(record.samples.size(), recorder.samples.size());
        QCOMPARE(record.samples.back().layers.at(0).updateRatio, recorder.samples.back().layers.at(0).updateRatio);
        QCOMPARE(record.epochs.size(), std::size_t{3});
        QCOMPARE(record.epochs.back().layers.at(0).weights.bins, h.bins);
        QCOMPARE(record.epochs.back().filters.width, last.filters.width);
        QCOMPARE(record.epochs.back().filters.pixels, last.filters.pixels);
    }

    void statisticsSurviveResume()
    {
        // The uninterrupted run.
        engine::TrainConfig config = cpuConfig(3);
        config.healthEvery = 3;
        config.outDir = dir("whole");
        (void)engine::Trainer(config).run(*m_data);
        const engine::HealthRecord whole = engine::readHealthRecord(config.outDir);

        // The same run stopped in epoch 2 (after step 24), then resumed into its folder.
        config.outDir = dir("interrupted");
        engine::TrainingControl control;
        HealthRecorder stopper;
        stopper.control = &control;
        stopper.stopAfterBatches = 25;
        const engine::RunResult stopped = engine::Trainer(config).run(*m_data, &stopper, &control);
        QVERIFY(stopped.stopped);
        // Continued into another folder (as the window does), then into its own.
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(stopped.lastCheckpointPath);
        for (const char* folder : {"elsewhere", "interrupted"}) {
            engine::TrainConfig next = config;
            next.outDir = dir(folder);
            engine::Trainer resumed(next);
            resumed.resumeFrom(checkpoint);
            (void)resumed.run(*m_data);
            const engine::HealthRecord record = engine::readHealthRecord(next.outDir);

            // Every third step once, in order, nothing measured twice or lost, and the same values.
            QCOMPARE(record.samples.size(), std::size_t{20}); // steps 0, 3, ..., 57
            for (std::size_t i = 0; i < record.samples.size(); ++i) {
                QCOMPARE(record.samples[i].step, std::int64_t(3 * i));
                QCOMPARE(record.samples[i].epoch, int(3 * i / 20) + 1);
                QVERIFY2(near(record.samples[i].loss, whole.samples.at(i).loss, 1e-6),
                    qPrintable(QStringLiteral("%1 sample %2: %3 vs %4")
                                   .arg(QLatin1String(folder))
                                   .arg(i)
                                   .arg(record.samples[i].loss)
                                   .arg(whole.samples[i].loss)));
                QVERIFY(near(record.samples[i].layers[0].weightNorm, whole.samples[i].layers[0].weightNorm, 1e-6));
            }
            QCOMPARE(record.epochs.size(), std::size_t{3});
            for (int e = 0; e < 3; ++e) {
                QCOMPARE(record.epochs[std::size_t(e)].epoch, e + 1);
                QCOMPARE(record.epochs[std::size_t(e)].layers.at(0).weights.bins,
                    whole.epochs.at(std::size_t(e)).layers.at(0).weights.bins);
                QVERIFY(!record.epochs[std::size_t(e)].filters.pixels.empty()); // epoch 1's picture came along
            }
        }
    }

    void tensorBoardReadsTheFiles()
    {
        const QString python = QStringLiteral(CNNWB_PYTHON);
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import tensorboard")});
        if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
            QSKIP("the venv has no tensorboard package (scripts/setup.sh installs it)");

        engine::TrainConfig config = cpuConfig(2);
        config.outDir = dir("tb-run");
        config.tensorboardDir = dir("tb");
        config.learningRate = 2e-3;
        const engine::RunResult result = engine::Trainer(config).run(*m_data);

        const std::string script = R"(
import json, sys
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.plugins.hparams import plugin_data_pb2
acc = EventAccumulator(sys.argv[1], size_guidance={"scalars": 0, "histograms": 0, "images": 0, "tensors": 0})
acc.Reload()
tags = acc.Tags()
out = {"scalars": {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags["scalars"]},
       "histograms": {t: [[e.step, e.histogram_value.num, e.histogram_value.sum] for e in acc.Histograms(t)]
                      for t in tags["histograms"]},
       "images": {t: [[e.step, e.width, e.height] for e in acc.Images(t)] for t in tags["images"]},
       "hparams": {}, "tensors": tags["tensors"]}
for tag, content in acc.PluginTagToContent("hparams").items():
    data = plugin_data_pb2.HParamsPluginData.FromString(content)
    kind = data.WhichOneof("data")
    if kind == "session_start_info":
        hp = data.session_start_info.hparams
        out["hparams"]["start"] = {k: hp[k].WhichOneof("kind") and getattr(hp[k], hp[k].WhichOneof("kind")) for k in hp}
    elif kind == "experiment":
        out["hparams"]["metrics"] = [m.name.tag for m in data.experiment.metric_infos]
    elif kind == "session_end_info":
        out["hparams"]["status"] = data.session_end_info.status
print(json.dumps(out))
)";
        const fs::path scriptFile = dir("read_events.py");
        std::ofstream(scriptFile) << script;
        QProcess reader;
        reader.start(python, {QString::fromStdString(scriptFile.string()), QString::fromStdString(dir("tb").string())});
        QVERIFY(reader.waitForFinished(120000));
        const QByteArray text = reader.readAllStandardOutput();
        QVERIFY2(reader.exitCode() == 0, reader.readAllStandardError().constData());
        const QJsonObject events = QJsonDocument::fromJson(text).object();
        QVERIFY2(!events.isEmpty(), text.constData());

        // Scalars: the epoch metrics at each epoch's last step, as float32.
        const QJsonObject scalars = events.value(QStringLiteral("scalars")).toObject();
        const auto check = [&](const char* tag, auto field) {
            const QJsonArray points = scalars.value(QLatin1String(tag)).toArray();
            QCOMPARE(points.size(), qsizetype(result.epochs.size()));
            for (qsizetype i = 0; i < points.size(); ++i) {
                const engine::EpochMetrics& m = result.epochs[std::size_t(i)];
                QCOMPARE(points[i].toArray()[0].toInteger(), m.steps);
                QCOMPARE(points[i].toArray()[1].toDouble(), double(float(field(m))));
            }
        };
        check("loss/train", [](const engine::EpochMetrics& m) { return m.trainLoss; });
        check("loss/test", [](const engine::EpochMetrics& m) { return m.testLoss; });
        check("accuracy/test", [](const engine::EpochMetrics& m) { return m.testAccuracy; });
        check("learning_rate", [](const engine::EpochMetrics& m) { return m.learningRate; });
        QCOMPARE(scalars.value(QStringLiteral("loss/step")).toArray().size(), 20); // every other step of 40
        QVERIFY(scalars.contains(QStringLiteral("health_update_ratio/00_Conv2d")));
        QVERIFY(scalars.contains(QStringLiteral("health_dead_fraction/01_ReLU")));

        // Histograms: the last weights are the saved model's.
        const QJsonArray weights = events.value(QStringLiteral("histograms"))
                                       .toObject()
                                       .value(QStringLiteral("weights/00_Conv2d"))
                                       .toArray();
        QCOMPARE(weights.size(), 2);
        const at::Tensor saved = stateDictTensor(result.weightsPath, "0.weight");
        QCOMPARE(weights[1].toArray()[1].toDouble(), double(saved.numel()));
        QVERIFY(near(weights[1].toArray()[2].toDouble(), tensorSum(saved), 1e-9));
        QVERIFY(events.value(QStringLiteral("histograms")).toObject().contains(QStringLiteral("activations/01_ReLU")));
        QVERIFY(events.value(QStringLiteral("histograms")).toObject().contains(QStringLiteral("gradients/04_Linear")));
        const QJsonArray filters
            = events.value(QStringLiteral("images")).toObject().value(QStringLiteral("filters/00_Conv2d")).toArray();
        QCOMPARE(filters.size(), 2);

        // Hyperparameters: the run's settings, the metrics to compare runs by, and a finished session.
        const QJsonObject hparams = events.value(QStringLiteral("hparams")).toObject();
        const QJsonObject start = hparams.value(QStringLiteral("start")).toObject();
        QCOMPARE(start.value(QStringLiteral("learning_rate")).toDouble(), 2e-3);
        QCOMPARE(start.value(QStringLiteral("batch_size")).toDouble(), 16.0);
        QCOMPARE(start.value(QStringLiteral("optimizer")).toString(), QStringLiteral("adam"));
        QVERIFY(hparams.value(QStringLiteral("metrics")).toArray().contains(QStringLiteral("accuracy/test")));
        QCOMPARE(hparams.value(QStringLiteral("status")).toInt(), 1); // STATUS_SUCCESS

        // A run that diverges ends its session as failed.
        engine::TrainConfig failing = cpuConfig(1);
        failing.optimizer = engine::OptimizerKind::Sgd;
        failing.momentum = 0.0;
        failing.learningRate = 5.0;
        failing.tensorboardDir = dir("tb-failed");
        QVERIFY_THROWS_EXCEPTION(engine::Error, (void)engine::Trainer(failing).run(*m_data));
        QProcess failed;
        failed.start(
            python, {QString::fromStdString(scriptFile.string()), QString::fromStdString(dir("tb-failed").string())});
        QVERIFY(failed.waitForFinished(120000));
        const QJsonObject failedEvents = QJsonDocument::fromJson(failed.readAllStandardOutput()).object();
        QCOMPARE(failedEvents.value(QStringLiteral("hparams")).toObject().value(QStringLiteral("status")).toInt(),
            2); // STATUS_FAILURE
        // TensorBoard's HParams dashboard reads them as tensors: they must be listed as such.
        QVERIFY(events.value(QStringLiteral("tensors")).toArray().contains(QStringLiteral("_hparams_/experiment")));
    }
};

QTEST_GUILESS_MAIN(TestLayerHealth)
#include "test_layer_health.moc"
