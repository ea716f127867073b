// cnnwb train's options: the engine's flag table as CLI11 parses it, the experiment-override merge
// (flags given override the file, flags not given leave it) and the round trip experiment →
// trainArguments → parse → the same experiment, for every flag in the table.

#include "support/experiment_fixtures.h"
#include "train_options.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/records/train_flags.h"

#include <CLI/App.hpp>
#include <CLI/Config.hpp>
#include <CLI/Formatter.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <fstream>
#include <set>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

app::TrainPlan parse(std::vector<std::string> arguments)
{
    CLI::App cli;
    app::TrainOptions options;
    options.addTo(cli);
    std::reverse(arguments.begin(), arguments.end()); // CLI11 takes them last first
    cli.parse(arguments);
    return app::mergeTrainOptions(options.inputs());
}

std::string json(const engine::Experiment& experiment)
{
    return engine::experimentToJson(experiment);
}

} // namespace

class TestTrainOptions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    [[nodiscard]] fs::path path(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void flagsNotGivenLeaveTheFile()
    {
        const engine::Experiment saved = test::everySettingChanged("/data/cifar", test::AugmentationDetail::Detailed);
        engine::saveExperiment(saved, path("every.json"));
        const app::TrainPlan plan = parse({"--experiment", path("every.json").string()});
        QVERIFY(plan.modelGiven);
        QCOMPARE(json(plan.experiment), json(saved));
    }

    void flagsGivenOverrideTheFile()
    {
        const engine::Experiment saved = test::everySettingChanged("/data/cifar", test::AugmentationDetail::Detailed);
        engine::saveExperiment(saved, path("override.json"));
        const app::TrainPlan plan = parse({"--experiment", path("override.json").string(), "--epochs", "9", "--lr",
            "0.5", "--optimizer", "adamw", "--crop-padding", "6", "--augment", "crop,gray", "--normalize", "none",
            "--data", "/elsewhere", "--model", "resnet_small", "--validation-seed", "5"});
        engine::Experiment expected = saved;
        expected.training.epochs = 9;
        expected.training.learningRate = 0.5;
        expected.training.optimizer = engine::OptimizerKind::AdamW;
        expected.training.validationSeed = 5;
        expected.dataFolder = "/elsewhere";
        expected.model = engine::builtInPresets().at(3).spec;
        engine::AugmentationSpec& a = expected.training.augmentation;
        a.crop.padding = 6; // the ops keep the file's settings; --augment only switches them
        a.horizontalFlip.enabled = a.verticalFlip.enabled = a.rotation.enabled = a.affine.enabled = false;
        a.colorJitter.enabled = a.blur.enabled = a.cutout.enabled = false;
        a.normalize.enabled = false;
        QCOMPARE(json(plan.experiment), json(expected));
    }

    void withoutAFileTheDefaultsAndTheSeedModel()
    {
        const app::TrainPlan plan = parse({"--data", "/d", "--seed", "3"});
        QVERIFY(!plan.modelGiven);
        engine::Experiment expected;
        expected.dataFolder = "/d";
        expected.training.seed = 3;
        QCOMPARE(json(plan.experiment), json(expected));
    }

    void augmentFileComesBeforeTheFlags()
    {
        std::ofstream(path("aug.json")) << R"({"random_crop": {"enabled": true, "padding": 8}})";
        const app::TrainPlan plan
            = parse({"--data", "/d", "--augment-file", path("aug.json").string(), "--crop-reflect"});
        QVERIFY(plan.experiment.training.augmentation.crop.enabled);
        QCOMPARE(plan.experiment.training.augmentation.crop.padding, 8);
        QVERIFY(plan.experiment.training.augmentation.crop.reflect);
    }

    void badValues_data()
    {
        QTest::addColumn<QByteArrayList>("arguments");
        QTest::addColumn<QByteArray>("fragment");
        QTest::newRow("epochs not a number") << QByteArrayList{"--epochs", "many"} << QByteArray("--epochs");
        QTest::newRow("zero batch") << QByteArrayList{"--batch-size", "0"} << QByteArray("--batch-size");
        QTest::newRow("seed not a number") << QByteArrayList{"--seed", "abc"} << QByteArray("--seed");
        QTest::newRow("unknown optimizer") << QByteArrayList{"--optimizer", "rmsprop"} << QByteArray("--optimizer");
        QTest::newRow("unknown op") << QByteArrayList{"--augment", "crop,twirl"} << QByteArray("--augment");
        QTest::newRow("unknown normalization") << QByteArrayList{"--normalize", "vivid"} << QByteArray("--normalize");
        QTest::newRow("fraction too large")
            << QByteArrayList{"--validation-fraction", "0.95"} << QByteArray("--validation-fraction");
    }

    void badValues()
    {
        // The same errors as CLI11 gave when cnnwb declared these options itself (tests/cli/test_cli.cpp
        // checks what reaches the user).
        QFETCH(QByteArrayList, arguments);
        QFETCH(QByteArray, fragment);
        std::vector<std::string> words{"--data", "/d"};
        for (const QByteArray& word : arguments)
            words.push_back(word.toStdString());
        try {
            (void)parse(words);
            QFAIL("no error");
        } catch (const CLI::ParseError& e) {
            QVERIFY2(std::string_view(e.what()).find(fragment.toStdString()) != std::string_view::npos, e.what());
        }
    }

    void badFilesNameThemselves()
    {
        const auto message = [](std::vector<std::string> words) {
            try {
                (void)parse(std::move(words));
            } catch (const engine::Error& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        QVERIFY(message({"--experiment", "/nope.json"}).find("/nope.json") != std::string::npos);
        QVERIFY(message({"--data", "/d", "--model", "/nope.json"}).find("/nope.json") != std::string::npos);
        QVERIFY(message({"--data", "/d", "--model", "{\"layers\": 3}"}).find("--model") != std::string::npos);
        QVERIFY(message({"--data", "/d", "--augmentation", "{not json"}).find("--augmentation") != std::string::npos);
    }

    void modelAsPresetFileOrText()
    {
        const engine::ModelSpec lenet = engine::builtInPresets().at(1).spec;
        const app::TrainPlan named = parse({"--model", "lenet5"});
        QCOMPARE(named.experiment.model, lenet); // as shipped: the run fits it to the data
        QVERIFY(named.fitModelToData);
        engine::Experiment experiment;
        experiment.model = lenet;
        QVERIFY(engine::trainArguments(experiment) == (std::vector<std::string>{"--model", "lenet5"}));
        experiment.model = engine::adaptToDataset(lenet, {3, 32, 32}, 10); // what the workbench makes of it
        QVERIFY(engine::trainArguments(experiment) == (std::vector<std::string>{"--model", "lenet5"}));
        std::ofstream(path("lenet.json")) << engine::modelSpecToJson(lenet);
        const app::TrainPlan fromFile = parse({"--model", path("lenet.json").string()});
        QCOMPARE(fromFile.experiment.model, lenet);
        QVERIFY(!fromFile.fitModelToData);
        experiment.model.name = "mine";
        const std::vector<std::string> written = engine::trainArguments(experiment);
        QVERIFY(written.at(1).starts_with("{"));
        QCOMPARE(parse(written).experiment.model, experiment.model);
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("detail");
        QTest::newRow("simple augmentation") << static_cast<int>(test::AugmentationDetail::Simple);
        QTest::newRow("detailed augmentation") << static_cast<int>(test::AugmentationDetail::Detailed);
    }

    void roundTrip()
    {
        QFETCH(int, detail);
        const engine::Experiment experiment
            = test::everySettingChanged("/data/my cifar's", static_cast<test::AugmentationDetail>(detail));
        const std::vector<std::string> arguments = engine::trainArguments(experiment);
        const app::TrainPlan plan = parse(arguments);
        QVERIFY(plan.modelGiven);
        QCOMPARE(json(plan.experiment), json(experiment));
    }

    void everyFlagIsWrittenByARoundTrip()
    {
        std::set<std::string> written;
        for (const auto detail : {test::AugmentationDetail::Simple, test::AugmentationDetail::Detailed})
            for (const std::string& word : engine::trainArguments(test::everySettingChanged("/d", detail)))
                if (word.starts_with("--"))
                    written.insert(word);
        for (const engine::TrainFlag& flag : engine::trainFlags())
            QVERIFY2(written.contains(flag.name), flag.name.c_str());
    }

    void shellQuoting()
    {
        QCOMPARE(engine::shellQuote("/data/cifar-10_batches.bin"), std::string("/data/cifar-10_batches.bin"));
        QCOMPARE(engine::shellQuote("my data"), std::string("'my data'"));
        QCOMPARE(engine::shellQuote("it's"), std::string("'it'\\''s'"));
        QCOMPARE(engine::shellQuote(""), std::string("''"));
        QCOMPARE(engine::shellCommand({"cnnwb", "train", "--model", "{\"a\": 1}"}),
            std::string("cnnwb train --model '{\"a\": 1}'"));
    }
};

QTEST_GUILESS_MAIN(TestTrainOptions)
#include "test_train_options.moc"
