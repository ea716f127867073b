// Model specs without LibTorch: shape inference and costs of each layer kind, every problem found
// with its layer index and a sentence, JSON round trips, presets and experiment files.

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/export/python_code.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/records/experiment.h"

#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(cnnwb::engine::ModelSpec)

using namespace cnnwb;
using engine::LayerKind;
using engine::LayerSpec;
using Shape = std::vector<std::int64_t>;

namespace {

LayerSpec layer(LayerKind kind)
{
    return LayerSpec::defaults(kind);
}

engine::ModelSpec spec(engine::ImageShape input, std::vector<LayerSpec> layers)
{
    engine::ModelSpec s;
    s.name = "test";
    s.input = input;
    s.layers = std::move(layers);
    return s;
}

} // namespace

class TestModelSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedNetworkShapesAndCounts()
    {
        const engine::ModelAnalysis a = engine::analyzeModel(engine::seedModelSpec({3, 32, 32}, 10), 10);
        QVERIFY(a.valid());
        QCOMPARE(a.layers[0].outputShape, (Shape{32, 32, 32}));
        QCOMPARE(a.layers[0].parameters, std::int64_t{896});
        QCOMPARE(a.layers[0].macs, std::int64_t{32 * 32 * 32 * 27});
        QCOMPARE(a.layers[2].outputShape, (Shape{32, 16, 16}));
        QCOMPARE(a.layers[3].outputShape, (Shape{8192}));
        QCOMPARE(a.layers[4].parameters, std::int64_t{81930});
        QCOMPARE(a.parameters, std::int64_t{82826});
        QCOMPARE(a.outputShape, (Shape{10}));
        QVERIFY(a.trainingMemoryBytes(64) > a.trainingMemoryBytes(1));
    }

    void layerRules_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("tweak");
        QTest::addColumn<QList<qlonglong>>("expected");
        QTest::addColumn<qlonglong>("parameters");
        // Input is always 4x10x12.
        QTest::newRow("conv stride 2") << int(LayerKind::Conv2d) << "out=8,k=3,s=2,p=1" << QList<qlonglong>{8, 5, 6}
                                       << qlonglong(8 * 4 * 9 + 8);
        QTest::newRow("conv same") << int(LayerKind::Conv2d) << "out=6,k=4,same" << QList<qlonglong>{6, 10, 12}
                                   << qlonglong(6 * 4 * 16 + 6);
        QTest::newRow("conv dilation groups") << int(LayerKind::Conv2d) << "out=8,k=3,p=0,d=2,g=2,nobias"
                                              << QList<qlonglong>{8, 6, 8} << qlonglong(8 * 2 * 9);
        QTest::newRow("batchnorm") << int(LayerKind::BatchNorm2d) << "" << QList<qlonglong>{4, 10, 12} << qlonglong(8);
        QTest::newRow("maxpool") << int(LayerKind::MaxPool2d) << "k=3,s=2,p=1" << QList<qlonglong>{4, 5, 6}
                                 << qlonglong(0);
        QTest::newRow("avgpool default stride")
            << int(LayerKind::AvgPool2d) << "k=2" << QList<qlonglong>{4, 5, 6} << qlonglong(0);
        QTest::newRow("adaptive") << int(LayerKind::AdaptiveAvgPool2d) << "o=3" << QList<qlonglong>{4, 3, 3}
                                  << qlonglong(0);
        QTest::newRow("flatten") << int(LayerKind::Flatten) << "" << QList<qlonglong>{480} << qlonglong(0);
        QTest::newRow("dropout2d") << int(LayerKind::Dropout2d) << "" << QList<qlonglong>{4, 10, 12} << qlonglong(0);
        QTest::newRow("residual same") << int(LayerKind::ResidualBlock) << "out=4,s=1" << QList<qlonglong>{4, 10, 12}
                                       << qlonglong(4 * 4 * 9 + 8 + 4 * 4 * 9 + 8);
        QTest::newRow("residual projection")
            << int(LayerKind::ResidualBlock) << "out=8,s=2" << QList<qlonglong>{8, 5, 6}
            << qlonglong(8 * 4 * 9 + 16 + 8 * 8 * 9 + 16 + 8 * 4 + 16);
        for (LayerKind kind : {LayerKind::ReLU, LayerKind::LeakyReLU, LayerKind::GELU, LayerKind::SiLU,
                 LayerKind::Sigmoid, LayerKind::Tanh, LayerKind::Dropout})
            QTest::newRow(engine::layerKindName(kind).data())
                << int(kind) << "" << QList<qlonglong>{4, 10, 12} << qlonglong(0);
    }

    void layerRules()
    {
        QFETCH(int, kind);
        QFETCH(QString, tweak);
        QFETCH(QList<qlonglong>, expected);
        QFETCH(qlonglong, parameters);
        LayerSpec l = layer(LayerKind(kind));
        for (const QString& item : tweak.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString key = item.section(QLatin1Char('='), 0, 0);
            const int value = item.section(QLatin1Char('='), 1, 1).toInt();
            if (key == QLatin1String("out"))
                l.outChannels = value;
            else if (key == QLatin1String("k"))
                l.kernel = value;
            else if (key == QLatin1String("s"))
                l.stride = value;
            else if (key == QLatin1String("p"))
                l.padding = value;
            else if (key == QLatin1String("d"))
                l.dilation = value;
            else if (key == QLatin1String("g"))
                l.groups = value;
            else if (key == QLatin1String("o"))
                l.outputSize = value;
            else if (key == QLatin1String("same"))
                l.samePadding = true;
            else if (key == QLatin1String("nobias"))
                l.bias = false;
        }
        // A Flatten after the layer makes the network end in a vector, as a classifier must.
        const engine::ModelAnalysis a = engine::analyzeModel(spec({4, 10, 12}, {l, layer(LayerKind::Flatten)}));
        QVERIFY2(!a.layers[0].problem, a.layers[0].problem ? a.layers[0].problem->c_str() : "");
        QCOMPARE(a.layers[0].outputShape, Shape(expected.begin(), expected.end()));
        QCOMPARE(a.layers[0].parameters, std::int64_t(parameters));
    }

    void linearInfersItsInput()
    {
        LayerSpec linear = layer(LayerKind::Linear);
        linear.outChannels = 7;
        const engine::ModelAnalysis a = engine::analyzeModel(spec({2, 6, 6}, {layer(LayerKind::Flatten), linear}), 7);
        QVERIFY(a.valid());
        QCOMPARE(a.layers[1].parameters, std::int64_t{72 * 7 + 7});
    }

    void problemsAreSentences_data()
    {
        QTest::addColumn<engine::ModelSpec>("model");
        QTest::addColumn<int>("layerIndex");
        QTest::addColumn<QString>("message");
        LayerSpec pool = layer(LayerKind::MaxPool2d);
        LayerSpec bigConv = layer(LayerKind::Conv2d);
        bigConv.kernel = 5;
        bigConv.padding = 0;
        LayerSpec linear = layer(LayerKind::Linear);
        LayerSpec fixedLinear = linear;
        fixedLinear.inFeatures = 99;
        LayerSpec groups = layer(LayerKind::Conv2d);
        groups.groups = 2;
        LayerSpec sameStride = layer(LayerKind::Conv2d);
        sameStride.samePadding = true;
        sameStride.stride = 2;
        QTest::newRow("pool does not fit") << spec({3, 4, 4}, {pool, pool, pool, layer(LayerKind::Flatten), linear})
                                           << 2 << "layer 2 MaxPool2d: input is 1×1, kernel 2 does not fit";
        QTest::newRow("conv does not fit") << spec({1, 3, 3}, {bigConv, layer(LayerKind::Flatten), linear}) << 0
                                           << "layer 0 Conv2d: input is 3×3, kernel 5 does not fit";
        QTest::newRow("linear on a feature map") << spec({1, 8, 8},
            {linear}) << 0 << "layer 0 Linear: Linear needs a vector, but gets 1×8×8 (add a Flatten before it)";
        QTest::newRow("conv after flatten")
            << spec({1, 8, 8}, {layer(LayerKind::Flatten), layer(LayerKind::Conv2d)}) << 1
            << "layer 1 Conv2d: needs a C×H×W feature map, but gets a vector of 64 "
               "(move it before the Flatten)";
        QTest::newRow("wrong in_features")
            << spec({1, 8, 8}, {layer(LayerKind::Flatten), fixedLinear}) << 1
            << "layer 1 Linear: expects 99 inputs but gets 64 (set in features to automatic)";
        QTest::newRow("groups") << spec({3, 8, 8}, {groups, layer(LayerKind::Flatten), linear}) << 0
                                << "layer 0 Conv2d: input channels 3 are not divisible by groups 2";
        QTest::newRow("same needs stride 1") << spec({3, 8, 8}, {sameStride, layer(LayerKind::Flatten), linear}) << 0
                                             << "layer 0 Conv2d: padding \"same\" needs stride 1";
        QTest::newRow("ends in a feature map") << spec({3, 8, 8}, {layer(LayerKind::Conv2d)}) << 0
                                               << "layer 0 Conv2d: the network ends in a 32×8×8 feature map; end it "
                                                  "with Flatten and Linear so that it gives one score per class";
        QTest::newRow("no layers") << spec({3, 8, 8}, {}) << -1 << "the network has no layers";
    }

    void problemsAreSentences()
    {
        QFETCH(engine::ModelSpec, model);
        QFETCH(int, layerIndex);
        QFETCH(QString, message);
        const engine::ModelAnalysis a = engine::analyzeModel(model);
        QVERIFY(!a.valid());
        bool found = false;
        for (const auto& problem : a.problems)
            found |= problem.layerIndex == layerIndex && QString::fromStdString(problem.message) == message;
        QStringList all;
        for (const auto& problem : a.problems)
            all << QString::fromStdString(problem.message);
        QVERIFY2(found, qPrintable(all.join(QLatin1Char('\n'))));
        if (layerIndex >= 0)
            QVERIFY(a.layers[std::size_t(layerIndex)].problem.has_value());
    }

    void everyProblemIsReported()
    {
        LayerSpec badConv = layer(LayerKind::Conv2d);
        badConv.kernel = 0;
        LayerSpec badDropout = layer(LayerKind::Dropout);
        badDropout.probability = 1.5;
        const engine::ModelAnalysis a = engine::analyzeModel(spec({3, 8, 8},
            {badConv, layer(LayerKind::ReLU), badDropout, layer(LayerKind::Flatten), layer(LayerKind::Linear)}));
        QCOMPARE(a.problems.size(), std::size_t{2});
        QCOMPARE(a.problems[0].layerIndex, 0);
        QCOMPARE(a.problems[1].layerIndex, 2);
    }

    void classCountIsChecked()
    {
        const engine::ModelAnalysis a = engine::analyzeModel(engine::seedModelSpec({3, 32, 32}, 10), 100);
        QCOMPARE(a.problems.size(), std::size_t{1});
        QCOMPARE(a.problems[0].message,
            std::string("layer 4 Linear: the network gives 10 scores but the dataset has 100 classes"));
    }

    void jsonRoundTrip()
    {
        for (const engine::Preset& preset : engine::builtInPresets()) {
            const std::string json = engine::modelSpecToJson(preset.spec);
            QCOMPARE(engine::modelSpecFromJson(json), preset.spec);
        }
        engine::ModelSpec every = spec({3, 16, 16}, {});
        for (LayerKind kind : engine::allLayerKinds()) {
            LayerSpec l = layer(kind);
            l.samePadding = kind == LayerKind::Conv2d;
            l.bias = kind != LayerKind::Linear;
            l.probability = 0.25;
            l.negativeSlope = 0.2;
            every.layers.push_back(l);
        }
        // Only the fields a kind uses are stored; compare through a second round trip.
        const engine::ModelSpec once = engine::modelSpecFromJson(engine::modelSpecToJson(every));
        QCOMPARE(engine::modelSpecFromJson(engine::modelSpecToJson(once)), once);
        QCOMPARE(once.layers.size(), every.layers.size());
        QVERIFY(once.layers[0].samePadding);
        QCOMPARE(once.layers[std::size_t(LayerKind::Dropout)].probability, 0.25);
    }

    void badJsonNamesThePath()
    {
        const auto expectError = [](const std::string& json, const std::string& fragment) {
            try {
                (void)engine::modelSpecFromJson(json, "net.json");
                QFAIL("accepted");
            } catch (const engine::Error& e) {
                QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
                QVERIFY(std::string(e.what()).find("net.json") != std::string::npos);
            }
        };
        expectError("{", "not valid JSON");
        expectError(R"({"input":[3,32],"layers":[]})", "model.input");
        expectError(R"({"input":[3,32,32],"layers":[{"type":"Conv3d"}]})", "model.layers[0].type: unknown layer type");
        expectError(R"({"input":[3,32,32],"layers":[{"type":"Conv2d","kernel_size":"big"}]})",
            "model.layers[0].kernel_size: expected an integer");
        expectError(R"({"version":99,"input":[3,32,32],"layers":[]})", "newer");
    }

    void presetsAreValid()
    {
        const auto& presets = engine::builtInPresets();
        QCOMPARE(presets.size(), std::size_t{7});
        QCOMPARE(presets.front().id, std::string("simple_cnn"));
        for (const engine::Preset& preset : presets) {
            // torchvision's networks have ImageNet's 1000 classes until a dataset fits them.
            const engine::ModelAnalysis a
                = engine::analyzeModel(preset.spec, preset.spec.input.height == 224 ? 1000 : 10);
            QVERIFY2(a.valid(), preset.id.c_str());
            // Each preset adapts to the other datasets' shapes and class counts.
            for (const engine::ImageShape input : {engine::ImageShape{1, 28, 28}, engine::ImageShape{3, 32, 32}}) {
                const engine::ModelSpec adapted = engine::adaptToDataset(preset.spec, input, 100);
                const engine::ModelAnalysis b = engine::analyzeModel(adapted, 100);
                QVERIFY2(b.valid(), (preset.id + ": " + (b.problems.empty() ? "" : b.problems[0].message)).c_str());
            }
            QVERIFY(engine::pythonCode(preset.spec).find("def build_model()") != std::string::npos);
        }
        const auto parameters = [&](const std::string& id) {
            for (const engine::Preset& p : presets)
                if (p.id == id)
                    return engine::analyzeModel(p.spec).parameters;
            return std::int64_t{-1};
        };
        // The ResNet preset is ResNet-18 for 32x32 inputs: 11.17 M parameters. torchvision's
        // networks have torchvision's counts (sum(p.numel() for p in model.parameters())).
        QCOMPARE(parameters("resnet_small"), std::int64_t{11173962});
        QCOMPARE(parameters("resnet18"), std::int64_t{11689512});
        QCOMPARE(parameters("resnet50"), std::int64_t{25557032});
        QCOMPARE(parameters("mobilenet_v2"), std::int64_t{3504872});
    }

    void experimentRoundTrip()
    {
        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        engine::Experiment experiment;
        experiment.model = engine::builtInPresets()[1].spec;
        experiment.dataFolder = base / "data" / "mnist";
        experiment.training.epochs = 7;
        experiment.training.batchSize = 128;
        experiment.training.learningRate = 0.01;
        experiment.training.device = "cuda:1";
        experiment.training.seed = 42;
        const std::filesystem::path file = base / "exp.json";
        engine::saveExperiment(experiment, file);
        const engine::Experiment loaded = engine::loadExperiment(file);
        QCOMPARE(loaded.model, experiment.model);
        QCOMPARE(loaded.dataFolder, experiment.dataFolder);
        QCOMPARE(loaded.training.epochs, 7);
        QCOMPARE(loaded.training.batchSize, 128);
        QCOMPARE(loaded.training.learningRate, 0.01);
        QCOMPARE(loaded.training.device, std::string("cuda:1"));
        QCOMPARE(loaded.training.seed, std::uint64_t{42});
        // Stored relative to the file, so a project folder can move.
        QVERIFY(engine::experimentToJson(experiment, base).find("\"data/mnist\"") != std::string::npos);
        // A model spec file also opens as a spec, and an experiment file as a model spec.
        QCOMPARE(engine::loadModelSpec(file), experiment.model);
    }
};

QTEST_GUILESS_MAIN(TestModelSpec)
#include "test_model_spec.moc"
