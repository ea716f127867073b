// Sweeps (issue 21): the trials a sweep plans (grids, log ranges, seeded random draws, any setting of
// the experiment file), the file round trip, the importance measure, and the queue that trains them:
// a 2 x 3 grid, successive halving, K at once.
#include "support/fixtures.h"

#include "cnnwb/engine.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using namespace cnnwb;
using engine::SweepParameter;

namespace {

SweepParameter listOf(const std::string& key, std::vector<std::string> values)
{
    SweepParameter p;
    p.key = key;
    p.values = std::move(values);
    return p;
}

SweepParameter rangeOf(const std::string& key, double min, double max, engine::SweepScale scale, int count)
{
    SweepParameter p;
    p.key = key;
    p.min = min;
    p.max = max;
    p.scale = scale;
    p.count = count;
    return p;
}

std::vector<std::string> column(const std::vector<engine::SweepTrial>& trials, std::size_t parameter)
{
    std::vector<std::string> values;
    for (const engine::SweepTrial& t : trials)
        values.push_back(t.values.at(parameter));
    return values;
}

std::string readAll(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

class TestSweeps : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_data;

    // The seed CNN on 4 generated classes, one CPU thread, no health sampling: a trial takes seconds.
    [[nodiscard]] engine::Experiment baseExperiment(int epochs) const
    {
        engine::Experiment e;
        e.dataFolder = m_data;
        e.model = engine::seedModelSpec({3, 32, 32}, 4);
        e.training.epochs = epochs;
        e.training.batchSize = 32;
        e.training.device = "cpu";
        e.training.threads = 1;
        e.training.healthEvery = 0;
        return e;
    }

    [[nodiscard]] engine::SweepRunOptions runOptions(const std::string& name, int parallel) const
    {
        engine::SweepRunOptions options;
        options.folder = fs::path(m_tmp.path().toStdString()) / name;
        options.trainer = CNNWB_CLI_PATH;
        options.parallel = parallel;
        options.pollMilliseconds = 50;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_data = fs::path(m_tmp.path().toStdString()) / "cifar";
        test::writeCifar10(m_data, {.recordsPerTrainBatch = 24, .testRecords = 40, .classCount = 4});
    }

    void gridTakesEveryCombinationInOrder()
    {
        engine::Experiment e = baseExperiment(1);
        e.sweep.parameters = {listOf("training.learning_rate", {"0.001", "0.01"}),
            rangeOf("training.batch_size", 16, 64, engine::SweepScale::Linear, 3)};
        const std::vector<engine::SweepTrial> trials = engine::planTrials(e);
        QCOMPARE(trials.size(), std::size_t{6});
        QCOMPARE(column(trials, 0), (std::vector<std::string>{"0.001", "0.001", "0.001", "0.01", "0.01", "0.01"}));
        QCOMPARE(column(trials, 1), (std::vector<std::string>{"16", "40", "64", "16", "40", "64"}));
        const engine::Experiment fifth = engine::trialExperiment(e, trials[4]);
        QCOMPARE(fifth.training.learningRate, 0.01);
        QCOMPARE(fifth.training.batchSize, 40);
        QVERIFY(fifth.sweep.empty());
    }

    void logRangesAreEvenInTheLogarithm()
    {
        engine::Experiment e = baseExperiment(1);
        e.sweep.parameters = {rangeOf("training.learning_rate", 1e-4, 1e-1, engine::SweepScale::Log, 4),
            rangeOf("training.batch_size", 32, 256, engine::SweepScale::Log, 4)};
        const std::vector<engine::SweepTrial> trials = engine::planTrials(e);
        QCOMPARE(trials.size(), std::size_t{16});
        const std::vector<std::string> rates = column(trials, 0);
        QCOMPARE((std::vector<std::string>{rates[0], rates[4], rates[8], rates[12]}),
            (std::vector<std::string>{"0.0001", "0.001", "0.01", "0.1"}));
        const std::vector<std::string> batches = column(trials, 1);
        QCOMPARE((std::vector<std::string>{batches.begin(), batches.begin() + 4}),
            (std::vector<std::string>{"32", "64", "128", "256"}));
    }

    void anySettingOfTheFileCanBeSwept()
    {
        engine::Experiment e = baseExperiment(1);
        e.sweep.parameters = {listOf("model.layers.0.out_channels", {"8", "16"}),
            listOf("augmentation.random_crop.padding", {"2"}), listOf("training.optimizer", {"\"sgd\"", "\"adamw\""}),
            listOf("augmentation.horizontal_flip.enabled", {"true"})};
        const std::vector<engine::SweepTrial> trials = engine::planTrials(e);
        QCOMPARE(trials.size(), std::size_t{4});
        const engine::Experiment last = engine::trialExperiment(e, trials[3]);
        QCOMPARE(last.model.layers.at(0).outChannels, 16);
        QCOMPARE(last.training.augmentation.crop.padding, 2);
        QVERIFY(last.training.augmentation.horizontalFlip.enabled);
        QCOMPARE(last.training.optimizer, engine::OptimizerKind::AdamW);
        // What the window offers: layer settings by index, augmentation strengths, training settings.
        const std::vector<engine::SweepableSetting> settings = engine::sweepableSettings(e);
        const auto has = [&](const std::string& key) {
            return std::any_of(settings.begin(), settings.end(), [&](const auto& s) { return s.key == key; });
        };
        QVERIFY(has("training.weight_decay") && has("training.label_smoothing") && has("training.schedule"));
        QVERIFY(has("model.layers.0.out_channels") && has("augmentation.rotation.degrees"));
        QVERIFY(!has("data.folder") && !has("training.device") && !has("model.layers.0.type"));
    }

    void randomSearchDrawsTheSameValuesTwice()
    {
        engine::Experiment e = baseExperiment(1);
        e.sweep.method = engine::SweepMethod::Random;
        e.sweep.trials = 20;
        e.sweep.seed = 7;
        e.sweep.parameters = {rangeOf("training.learning_rate", 1e-4, 1e-1, engine::SweepScale::Log, 0),
            rangeOf("training.batch_size", 16, 128, engine::SweepScale::Linear, 0),
            listOf("training.optimizer", {"\"sgd\"", "\"adam\""})};
        const std::vector<engine::SweepTrial> first = engine::planTrials(e);
        QCOMPARE(first.size(), std::size_t{20});
        QCOMPARE(engine::planTrials(e), first);
        e.sweep.trials = 25; // more trials: the first twenty draw as before
        QVERIFY(std::equal(first.begin(), first.end(), engine::planTrials(e).begin()));
        for (const engine::SweepTrial& t : first) {
            const double rate = std::stod(t.values[0]);
            QVERIFY(rate >= 1e-4 && rate <= 1e-1);
            QVERIFY(t.values[1].find('.') == std::string::npos); // a whole number
            QVERIFY(std::stoi(t.values[1]) >= 16 && std::stoi(t.values[1]) <= 128);
        }
        e.sweep.seed = 8;
        QVERIFY(!std::equal(first.begin(), first.end(), engine::planTrials(e).begin()));
    }

    void badSweepsAreRefusedWithTheirReason()
    {
        engine::Experiment e = baseExperiment(1);
        e.sweep.parameters = {listOf("training.learnig_rate", {"0.1"})};
        try {
            (void)engine::planTrials(e);
            QFAIL("an unknown setting was accepted");
        } catch (const engine::Error& error) {
            QVERIFY(std::string(error.what()).find("training.learnig_rate") != std::string::npos);
        }
        e.sweep.parameters = {listOf("training.batch_size", {"32", "0"})};
        const std::vector<engine::SweepTrial> trials = engine::planTrials(e);
        try {
            (void)engine::trialExperiment(e, trials[1]);
            QFAIL("batch size 0 was accepted");
        } catch (const engine::Error& error) {
            QVERIFY2(std::string(error.what()).find("trial 2") != std::string::npos, error.what());
        }
        e.sweep.parameters = {rangeOf("training.optimizer", 0, 1, engine::SweepScale::Linear, 2)};
        QVERIFY_THROWS_EXCEPTION(engine::Error, (void)engine::planTrials(e));
    }

    void theSweepIsSavedInTheExperimentFile()
    {
        engine::Experiment e = baseExperiment(3);
        e.sweep.method = engine::SweepMethod::Random;
        e.sweep.trials = 12;
        e.sweep.seed = 3;
        e.sweep.parallel = 2;
        e.sweep.halving = {true, {1, 2}, 0.5};
        e.sweep.parameters = {rangeOf("training.learning_rate", 1e-4, 1e-1, engine::SweepScale::Log, 4),
            listOf("training.optimizer", {"\"sgd\"", "\"adam\""})};
        e.sweep.view = R"({"color":"best_test_accuracy"})";
        const fs::path file = fs::path(m_tmp.path().toStdString()) / "sweep-experiment.json";
        engine::saveExperiment(e, file);
        const engine::Experiment back = engine::loadExperiment(file);
        QVERIFY(back.sweep == e.sweep);
        QVERIFY(readAll(file).find("\"successive_halving\"") != std::string::npos);
    }

    void theExampleSweepPlansTwelveTrials()
    {
        const engine::Experiment e
            = engine::loadExperiment(fs::path(CNNWB_SOURCE_DIR) / "resources" / "sweeps" / "lr_batch_cifar10.json");
        const std::vector<engine::SweepTrial> trials = engine::planTrials(e);
        QCOMPARE(trials.size(), std::size_t{12});
        QCOMPARE(trials.front().values, (std::vector<std::string>{"0.0001", "32"}));
        QCOMPARE(trials.back().values, (std::vector<std::string>{"0.01", "128"}));
        QVERIFY(e.sweep.halving.enabled);
    }

    void importanceNamesTheSettingThatMattered()
    {
        engine::SweepIndex index;
        index.keys = {"training.learning_rate", "training.seed", "training.optimizer"};
        const std::vector<double> accuracy = {0.2, 0.4, 0.6, 0.8, 0.3, 0.5};
        const std::vector<std::string> rates = {"0.001", "0.002", "0.003", "0.004", "0.0015", "0.0025"};
        const std::vector<std::string> seeds = {"1", "2", "1", "2", "3", "3"}; // rank correlation 0
        const std::vector<std::string> optimizers
            = {"\"sgd\"", "\"adam\"", "\"adam\"", "\"adam\"", "\"sgd\"", "\"adam\""};
        for (std::size_t i = 0; i < accuracy.size(); ++i) {
            engine::TrialRecord t;
            t.index = static_cast<int>(i);
            t.values = {rates[i], seeds[i], optimizers[i]};
            t.epochsDone = 1;
            t.bestTestAccuracy = accuracy[i];
            index.trials.push_back(t);
        }
        const std::vector<engine::SettingImportance> importance = engine::settingImportance(index);
        QCOMPARE(importance.size(), std::size_t{3});
        QCOMPARE(importance[0].importance, 1.0); // the accuracy rises with the rate, rank for rank
        QVERIFY(importance[0].rankCorrelation && importance[0].signedCorrelation > 0.99);
        QVERIFY(importance[1].importance < 1e-9);
        QVERIFY(!importance[2].rankCorrelation);
        QVERIFY(importance[2].importance > 0.6 && importance[2].importance <= 1.0);
    }

    // The acceptance line: a 2 x 3 grid runs 6 trials, two at once, and writes the index.
    void aGridRunsEveryTrialAndWritesTheIndex()
    {
        engine::Experiment e = baseExperiment(1);
        e.sweep.parameters
            = {listOf("training.learning_rate", {"0.001", "0.003"}), listOf("training.batch_size", {"16", "32", "64"})};
        engine::SweepRunner runner(e, runOptions("grid", 2));
        const engine::SweepIndex index = runner.run();
        QVERIFY(index.complete);
        QCOMPARE(index.trials.size(), std::size_t{6});
        QCOMPARE(index.count(engine::TrialStatus::Finished), 6);
        for (const engine::TrialRecord& t : index.trials) {
            const fs::path folder = index.folder / t.name;
            QCOMPARE(engine::loadRunManifest(folder / "manifest.json").status, std::string("finished"));
            QCOMPARE(engine::readMetricsCsv(folder / "metrics.csv").size(), std::size_t{1});
            QCOMPARE(t.epochsDone, 1);
            QVERIFY(t.bestTestAccuracy > 0.0);
            QCOMPARE(engine::loadExperiment(folder / "experiment.json").training.batchSize, std::stoi(t.values[1]));
        }
        const engine::SweepIndex saved = engine::loadSweepIndex(index.folder);
        QCOMPARE(saved.trials.size(), std::size_t{6});
        QCOMPARE(saved.trials[5].values[1], std::string("64"));
        const std::string csv = readAll(index.folder / "index.csv");
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), 7L);
        QVERIFY(csv.starts_with("trial,name,training.learning_rate,training.batch_size,status"));
        // The runs are ordinary runs: the Runs page lists them.
        QCOMPARE(engine::listRuns(index.folder).size(), std::size_t{6});
        // Run again: nothing left to do, nothing trained twice.
        const engine::SweepIndex again = engine::SweepRunner(e, runOptions("grid", 1)).run();
        QCOMPARE(again.count(engine::TrialStatus::Finished), 6);
        QCOMPARE(engine::readMetricsCsv(index.folder / "trial-001" / "metrics.csv").size(), std::size_t{1});
        // Another sweep is refused in that folder.
        e.sweep.parameters[0].values = {"0.1"};
        QVERIFY_THROWS_EXCEPTION(engine::Error, (void)engine::SweepRunner(e, runOptions("grid", 1)).run());
    }

    // The acceptance line: successive halving stops at least half the trials at the first rung and
    // keeps the best one running, which ends as it would have without the stop.
    void successiveHalvingKeepsTheBest()
    {
        engine::Experiment e = baseExperiment(3);
        e.sweep.parameters = {listOf("training.learning_rate", {"0.00001", "0.003", "0.0001", "0.001"})};
        e.sweep.halving = {true, {1}, 0.5};
        const engine::SweepIndex index = engine::SweepRunner(e, runOptions("halving", 2)).run();
        QVERIFY(index.complete);
        QCOMPARE(index.count(engine::TrialStatus::Halved), 2);
        QCOMPARE(index.count(engine::TrialStatus::Finished), 2);
        int bestAtRung = 0;
        for (const engine::TrialRecord& t : index.trials)
            if (t.testAccuracy.at(0) > index.trials[static_cast<std::size_t>(bestAtRung)].testAccuracy.at(0))
                bestAtRung = t.index;
        QCOMPARE(index.trials[static_cast<std::size_t>(bestAtRung)].status, engine::TrialStatus::Finished);
        for (const engine::TrialRecord& t : index.trials) {
            if (t.status != engine::TrialStatus::Halved)
                continue;
            QCOMPARE(t.epochsDone, 1);
            QVERIFY2(t.reason.find("successive halving at epoch 1") != std::string::npos, t.reason.c_str());
            QCOMPARE(t.halving.ranked, 4);
            QVERIFY(t.halving.rank > 2);
        }
        // The survivor paused at the rung and resumed: the same epochs as one uninterrupted run.
        const engine::TrialRecord& best = index.trials[static_cast<std::size_t>(bestAtRung)];
        engine::Experiment alone = engine::loadExperiment(index.folder / best.name / "sweep-trial.json");
        const engine::RunResult whole
            = engine::Trainer(alone.training, alone.model).run(engine::Dataset::load(alone.dataFolder, alone.data));
        QCOMPARE(whole.epochs.size(), std::size_t{3});
        // metrics.csv keeps six significant digits.
        for (std::size_t i = 0; i < 3; ++i) {
            QVERIFY(std::abs(best.testAccuracy[i] - whole.epochs[i].testAccuracy) < 1e-6);
            QVERIFY(std::abs(best.testLoss[i] - whole.epochs[i].testLoss) < 1e-5 * whole.epochs[i].testLoss);
        }
    }
};

QTEST_GUILESS_MAIN(TestSweeps)
#include "test_sweeps.moc"
