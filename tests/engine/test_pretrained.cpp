// Starting from torchvision's networks and weights: the presets give torchvision's logits with its
// state dicts (zip and legacy files), their ONNX exports give the same in ONNX Runtime, bad files
// are refused naming the key or the file, and a frozen network trains only its head.
//
// This test compiles against LibTorch, so it includes no spdlog header (see engine/CMakeLists.txt).
#include "model/model_builder.h"
#include "support/fixtures.h"
#include "train/checkpoint_state.h"
#include "train/state_dict_file.h"
#include "train/torch_archive.h"
#include "train/weight_import.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/export/onnx_export.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/pretrained_weights.h"
#include "cnnwb/engine/train/trainer.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <torch/utils.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

QString pythonPath()
{
    return QStringLiteral(CNNWB_PYTHON);
}

const engine::Preset& preset(const std::string& id)
{
    for (const engine::Preset& p : engine::builtInPresets())
        if (p.id == id)
            return p;
    throw std::runtime_error("no preset " + id);
}

// torchvision's networks with random weights and BatchNorm statistics that are not the identity
// (weights=None, fixed seeds), their state dicts as torch.save writes them, two images and
// PyTorch's eval-mode logits for them; and the damaged files the refusals are tested with.
constexpr const char* kMakeNetworks = R"py(
import sys, torch, torchvision
out = sys.argv[1]
for name in ["resnet18", "resnet50", "mobilenet_v2"]:
    torch.manual_seed(0)
    m = getattr(torchvision.models, name)(weights=None)
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.weight.copy_(torch.rand(mod.weight.shape, generator=g) * 0.5 + 0.75)
                mod.bias.copy_(torch.randn(mod.bias.shape, generator=g) * 0.1)
        # Statistics measured on images, as a trained network has them (activations of unit scale),
        # then made uneven so that every channel's matter.
        m.train()
        for _ in range(2):
            m(torch.randn(8, 3, 224, 224, generator=g))
        for mod in m.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.running_var.mul_(torch.rand(mod.running_var.shape, generator=g) * 0.4 + 0.8)
                mod.num_batches_tracked.fill_(7)
    m.eval()
    x = torch.randn(2, 3, 224, 224, generator=g)
    with torch.no_grad():
        y = m(x)
    torch.save(m.state_dict(), f"{out}/{name}.pth")
    torch.save({"x": x, "y": y}, f"{out}/{name}.io")
    if name == "resnet18":
        torch.save(m.state_dict(), f"{out}/resnet18-legacy.pth", _use_new_zipfile_serialization=False)
        torch.save({"epoch": 3, "model_state_dict": m.state_dict()}, f"{out}/resnet18-wrapped.pth")
        sd = m.state_dict()
        sd["layer2.0.conv1.weight"] = torch.zeros(128, 64, 1, 1)
        torch.save(sd, f"{out}/resnet18-wrong-shape.pth")
        sd = m.state_dict()
        del sd["layer4.1.bn2.running_var"]
        sd["extra.weight"] = torch.zeros(3)
        torch.save(sd, f"{out}/resnet18-wrong-keys.pth")
        torch.save(m, f"{out}/resnet18-whole-model.pth")
print("made")
)py";

// The exported files in ONNX Runtime against PyTorch's logits.
constexpr const char* kCheckOnnx = R"py(
import sys, numpy as np, onnx, onnxruntime as ort, torch
worst = 0.0
for base in sys.argv[1:]:
    onnx.checker.check_model(onnx.load(base + ".onnx"), full_check=True)
    io = torch.load(base + ".io", weights_only=True)
    session = ort.InferenceSession(base + ".onnx", providers=["CPUExecutionProvider"])
    got = session.run(["logits"], {"input": io["x"].numpy()})[0]
    diff = float(np.abs(got - io["y"].numpy()).max())
    print(f"{base.rsplit('/', 1)[1]}: ONNX Runtime against torchvision, max abs difference {diff:.3g} "
          f"(logits up to {float(np.abs(io['y'].numpy()).max()):.3g})")
    worst = max(worst, diff)
sys.exit(0 if worst <= 1e-4 else 1)
)py";

std::map<std::string, at::Tensor> tensorsOf(const fs::path& file)
{
    std::map<std::string, at::Tensor> out;
    for (auto& [name, tensor] : engine::readStateDictFile(file))
        out.emplace(name, tensor);
    return out;
}

std::vector<engine::NamedArray> weightsOf(torch::nn::Sequential& model)
{
    std::vector<engine::NamedArray> arrays;
    for (const auto& [name, tensor] : engine::modelTensors(model)) {
        const at::Tensor t = tensor.to(at::kFloat).contiguous();
        engine::NamedArray a;
        a.name = name;
        a.shape.assign(t.sizes().begin(), t.sizes().end());
        a.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        arrays.push_back(std::move(a));
    }
    return arrays;
}

// The error reading or importing `file` into `spec` gives (empty when it succeeds).
std::string importError(const engine::ModelSpec& spec, const fs::path& file, std::optional<int>* layer = nullptr)
{
    try {
        (void)engine::checkInitialWeights(spec, file);
    } catch (const engine::Error& e) {
        if (layer != nullptr)
            *layer = e.context().layerIndex;
        return e.what();
    }
    return {};
}

// A small network for training tests: conv, BN, a residual block, pooled into a linear head.
engine::ModelSpec smallNetwork()
{
    engine::ModelSpec spec;
    spec.input = {3, 32, 32};
    spec.layers = {engine::LayerSpec::defaults(engine::LayerKind::Conv2d),
        engine::LayerSpec::defaults(engine::LayerKind::BatchNorm2d),
        engine::LayerSpec::defaults(engine::LayerKind::ReLU),
        engine::LayerSpec::defaults(engine::LayerKind::ResidualBlock),
        engine::LayerSpec::defaults(engine::LayerKind::AdaptiveAvgPool2d),
        engine::LayerSpec::defaults(engine::LayerKind::Flatten),
        engine::LayerSpec::defaults(engine::LayerKind::Linear)};
    spec.layers[0].outChannels = 8;
    spec.layers[3].outChannels = 8;
    spec.layers[6].outChannels = 4;
    return spec;
}

} // namespace

class TestPretrained : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_root;
    bool m_made = false;

    void requireNetworks()
    {
        if (!m_made)
            QSKIP("the venv's Python with torchvision is missing: run scripts/setup.sh");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_root = m_tmp.path().toStdString();
        if (!QFileInfo::exists(pythonPath()))
            return;
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(pythonPath(),
            {QStringLiteral("-c"), QString::fromLatin1(kMakeNetworks), QString::fromStdString(m_root.string())});
        QVERIFY(python.waitForFinished(600000));
        const QString output = QString::fromUtf8(python.readAll());
        QVERIFY2(python.exitCode() == 0, qPrintable(output));
        m_made = true;
    }

    void presetsGiveTorchvisionsLogits()
    {
        requireNetworks();
        QStringList bases;
        for (const std::string name : {"resnet18", "resnet50", "mobilenet_v2"}) {
            const engine::ModelSpec& spec = preset(name).spec;
            torch::nn::Sequential model = engine::buildModel(spec);
            const engine::WeightsImport report = engine::importWeights(model, spec, m_root / (name + ".pth"));
            QVERIFY2(report.replaced.empty() && report.skipped.empty(), report.describe().c_str());
            QCOMPARE(report.tensors, static_cast<std::int64_t>(tensorsOf(m_root / (name + ".pth")).size()));
            model->eval();
            const std::map<std::string, at::Tensor> io = tensorsOf(m_root / (name + ".io"));
            at::Tensor logits;
            {
                const torch::NoGradGuard noGrad;
                logits = model->forward(io.at("x"));
            }
            const double diff = (logits - io.at("y")).abs().max().item<double>();
            qInfo("%s: the workbench against torchvision, max abs difference %.3g (logits up to %.3g)", name.c_str(),
                diff, io.at("y").abs().max().item<double>());
            QVERIFY2(diff <= 1e-4, name.c_str());

            std::vector<std::string> classes;
            for (int c = 0; c < 1000; ++c)
                classes.push_back("class" + std::to_string(c));
            engine::OnnxOptions options;
            options.batchSize = 2;
            engine::exportOnnx(spec, weightsOf(model), classes, m_root / (name + ".onnx"), options);
            bases << QString::fromStdString((m_root / name).string());
        }
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(pythonPath(), QStringList{QStringLiteral("-c"), QString::fromLatin1(kCheckOnnx)} + bases);
        QVERIFY(python.waitForFinished(600000));
        const QString output = QString::fromUtf8(python.readAll());
        qInfo("%s", qPrintable(output.trimmed()));
        QVERIFY2(python.exitCode() == 0, qPrintable(output));
        QCOMPARE(output.count(QStringLiteral("max abs difference")), 3);
    }

    void readsEveryFormTorchSaves()
    {
        requireNetworks();
        const std::map<std::string, at::Tensor> zip = tensorsOf(m_root / "resnet18.pth");
        // Before PyTorch 1.6 (some of torchvision's downloads), and a state dict inside a dict.
        for (const char* other : {"resnet18-legacy.pth", "resnet18-wrapped.pth"}) {
            const std::map<std::string, at::Tensor> read = tensorsOf(m_root / other);
            QCOMPARE(read.size(), zip.size());
            for (const auto& [name, tensor] : zip)
                QVERIFY2(
                    read.count(name) && torch::equal(read.at(name), tensor), (std::string(other) + " " + name).c_str());
        }
        QCOMPARE(zip.at("layer1.0.bn1.num_batches_tracked").item<std::int64_t>(), std::int64_t{7});
        QCOMPARE(zip.at("layer1.0.bn1.num_batches_tracked").scalar_type(), at::kLong);
    }

    void headIsReplacedForTheDatasetsClasses()
    {
        requireNetworks();
        const engine::ModelSpec spec = engine::adaptToDataset(preset("resnet18").spec, {3, 64, 64}, 10);
        const engine::WeightsImport report = engine::checkInitialWeights(spec, m_root / "resnet18.pth");
        QCOMPARE(report.replaced.size(), std::size_t{2});
        QVERIFY2(report.replaced.front().find("fc.weight (1000x512 in the file)") != std::string::npos,
            report.replaced.front().c_str());
        // Every layer with weights but the head is pretrained.
        QCOMPARE(report.layers.size(), std::size_t{10}); // conv1, bn1 and eight blocks
        QVERIFY(report.describe().find("head is new") != std::string::npos);
    }

    void badFilesAreRefusedNamingTheKeyOrFile()
    {
        requireNetworks();
        const engine::ModelSpec& resnet18 = preset("resnet18").spec;
        std::optional<int> layer;
        // Another architecture: the first tensor that differs, both shapes and the layer.
        std::string e = importError(resnet18, m_root / "resnet50.pth", &layer);
        QVERIFY2(e.find("layer1.0.conv1.weight is 64x64x1x1 in the file but layer 4 (ResidualBlock) needs 64x64x3x3")
                != std::string::npos,
            e.c_str());
        QVERIFY2(e.find("not in this network") != std::string::npos && e.find("resnet50.pth") != std::string::npos,
            e.c_str());
        QVERIFY(layer == 4);
        // One tensor of the wrong shape.
        e = importError(resnet18, m_root / "resnet18-wrong-shape.pth", &layer);
        QVERIFY2(e.find("layer2.0.conv1.weight is 128x64x1x1 in the file but layer 6 (ResidualBlock) needs 128x64x3x3")
                != std::string::npos,
            e.c_str());
        QVERIFY(layer == 6);
        // Missing and unexpected keys, listed.
        e = importError(resnet18, m_root / "resnet18-wrong-keys.pth");
        QVERIFY2(e.find("missing from the file (1): layer4.1.bn2.running_var") != std::string::npos, e.c_str());
        QVERIFY2(e.find("not in this network (1): extra.weight") != std::string::npos, e.c_str());
        // A whole pickled model: refused before anything in it runs.
        e = importError(resnet18, m_root / "resnet18-whole-model.pth");
        QVERIFY2(e.find("pickled Python object (torchvision.models.resnet.ResNet)") != std::string::npos, e.c_str());
        // Truncated, in both formats: the file is named.
        for (const char* name : {"resnet18.pth", "resnet18-legacy.pth"}) {
            const fs::path cut = m_root / (std::string("cut-") + name);
            fs::copy_file(m_root / name, cut);
            test::truncateFile(cut, fs::file_size(cut) / 2);
            e = importError(resnet18, cut);
            QVERIFY2(e.find("truncated") != std::string::npos && e.find(cut.string()) != std::string::npos, e.c_str());
        }
        e = importError(resnet18, m_root / "missing.pth");
        QVERIFY2(e.find("cannot open") != std::string::npos && e.find("missing.pth") != std::string::npos, e.c_str());
    }

    // A small fuzz run in the suite: damaged pickles (the legacy format has no CRCs to stop them
    // before the unpickler) give an engine::Error or a state dict, never a crash or another exception.
    void damagedBytesGiveErrorsOnly()
    {
        requireNetworks();
        std::ifstream in(m_root / "resnet18-legacy.pth", std::ios::binary);
        const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::mt19937 rng(7);
        int refused = 0;
        for (int round = 0; round < 400; ++round) {
            std::string bytes = original;
            const std::size_t pickleArea = std::min<std::size_t>(bytes.size(), 40000);
            for (int flip = 0; flip < 1 + round % 4; ++flip)
                bytes[rng() % pickleArea] = static_cast<char>(rng());
            if (round % 10 == 0)
                bytes.resize(rng() % pickleArea);
            try {
                (void)engine::readStateDictBytes(bytes, "fuzz.pth");
            } catch (const engine::Error& e) {
                ++refused;
                QVERIFY(std::string(e.what()).find("fuzz.pth") != std::string::npos);
            }
        }
        qInfo("%d of 400 damaged files refused, the rest read", refused);
        QVERIFY(refused > 40); // at least every truncated one
    }

    void frozenLayersKeepWeightsAndStatistics()
    {
        const fs::path data = m_root / "cifar";
        test::writeCifar10(data);
        const engine::Dataset dataset = engine::Dataset::load(data);
        engine::ModelSpec spec = smallNetwork();
        // Starting weights whose BatchNorm statistics are not fresh ones.
        {
            torch::manual_seed(5);
            torch::nn::Sequential model = engine::buildModel(spec);
            const torch::NoGradGuard noGrad;
            for (const auto& item : model->named_buffers())
                if (item.key().ends_with("running_mean"))
                    item.value().uniform_(-0.2, 0.2);
            std::ofstream(m_root / "start.pth", std::ios::binary)
                << engine::stateDictBytes(engine::modelTensors(model));
        }
        const std::map<std::string, at::Tensor> start = tensorsOf(m_root / "start.pth");
        const auto train = [&](const engine::ModelSpec& s, const std::string& out) {
            engine::TrainConfig config;
            config.epochs = 2;
            config.batchSize = 16;
            config.device = "cpu";
            config.initialWeights = m_root / "start.pth";
            config.outDir = m_root / out;
            (void)engine::Trainer(config, s).run(dataset);
            return tensorsOf(m_root / out / "model.pth");
        };

        engine::setFrozenBefore(spec, 6); // everything but the head
        QCOMPARE(engine::frozenPrefix(spec), 6);
        const std::map<std::string, at::Tensor> frozen = train(spec, "frozen");
        QCOMPARE(frozen.size(), start.size());
        for (const auto& [name, tensor] : start) {
            const bool head = name.starts_with("6.");
            QVERIFY2(torch::equal(frozen.at(name), tensor) != head, name.c_str());
        }
        // Resumed, the run stays frozen (and finds its pretrained layers again from the weights file).
        {
            engine::TrainConfig config;
            config.epochs = 3;
            config.batchSize = 16;
            config.device = "cpu";
            config.initialWeights = m_root / "start.pth";
            config.outDir = m_root / "frozen";
            engine::Trainer trainer(config, spec);
            trainer.resumeFrom(engine::Checkpoint::load(m_root / "frozen" / "last.ckpt"));
            const engine::RunResult result = trainer.run(dataset);
            QCOMPARE(result.epochs.size(), std::size_t{3});
            const std::map<std::string, at::Tensor> resumed = tensorsOf(m_root / "frozen" / "model.pth");
            for (const auto& [name, tensor] : start)
                QVERIFY2(torch::equal(resumed.at(name), tensor) != name.starts_with("6."), name.c_str());
            QVERIFY(!torch::equal(resumed.at("6.weight"), frozen.at("6.weight")));
        }
        // The same run with nothing frozen changes the rest, statistics included.
        engine::setFrozenBefore(spec, 0);
        const std::map<std::string, at::Tensor> unfrozen = train(spec, "free");
        for (const char* name : {"0.weight", "1.running_mean", "1.running_var", "3.conv2.weight", "3.bn2.running_var"})
            QVERIFY2(!torch::equal(unfrozen.at(name), start.at(name)), name);

        // An earlier run's checkpoint: its layers that fit a network with another head.
        engine::ModelSpec wider = spec;
        wider.layers[3].outChannels = 16;
        const engine::WeightsImport report = engine::checkInitialWeights(wider, m_root / "free" / "last.ckpt");
        QVERIFY(report.fromCheckpoint);
        QVERIFY(report.layers == (std::vector<int>{0, 1})); // the block and the head now differ
        QVERIFY(!report.skipped.empty());
    }

    void torchvisionDownloadsAreListed()
    {
        const fs::path home = m_root / "torch-home";
        fs::create_directories(home / "hub" / "checkpoints");
        for (const char* name : {"resnet18-f37072fd.pth", "mobilenet_v2-b0353104.pth", "vgg16-397923af.pth"})
            std::ofstream(home / "hub" / "checkpoints" / name) << "x";
        qputenv("TORCH_HOME", QByteArray::fromStdString(home.string()));
        QVERIFY(engine::torchHubCheckpointFolder() == home / "hub" / "checkpoints");
        const std::vector<engine::PretrainedWeights> found = engine::findPretrainedWeights();
        QCOMPARE(found.size(), std::size_t{2}); // VGG is not one of the presets
        QCOMPARE(found[0].preset, std::string("mobilenet_v2"));
        QCOMPARE(found[1].preset, std::string("resnet18"));
        QCOMPARE(found[1].title, std::string("ResNet-18, ImageNet-1k"));
        qunsetenv("TORCH_HOME");
    }

    void cliFineTunesTorchvisionsNetwork()
    {
        requireNetworks();
        const fs::path data = m_root / "cifar";
        if (!fs::exists(data))
            test::writeCifar10(data);
        // Named as torchvision names its download, so that ImageNet normalization comes with it.
        const fs::path weights = m_root / "resnet18-f37072fd.pth";
        fs::copy_file(m_root / "resnet18.pth", weights, fs::copy_options::overwrite_existing);
        const QStringList args = {QStringLiteral("train"), QStringLiteral("--data"),
            QString::fromStdString(data.string()), QStringLiteral("--model"), QStringLiteral("resnet18"),
            QStringLiteral("--weights"), QString::fromStdString(weights.string()), QStringLiteral("--freeze-until"),
            QStringLiteral("13"), QStringLiteral("--input-size"), QStringLiteral("32"), QStringLiteral("--epochs"),
            QStringLiteral("1"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--out"),
            QString::fromStdString((m_root / "cli-run").string())};
        QProcess cli;
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(CNNWB_CLI_PATH), args + QStringList{QStringLiteral("--print-experiment")});
        QVERIFY(cli.waitForFinished(60000));
        const QString experiment = QString::fromUtf8(cli.readAll());
        QVERIFY2(cli.exitCode() == 0, qPrintable(experiment));
        QVERIFY2(experiment.contains(QStringLiteral("\"preset\": \"imagenet\"")), qPrintable(experiment));
        QCOMPARE(experiment.count(QStringLiteral("\"trainable\": false")), 13);

        cli.start(QStringLiteral(CNNWB_CLI_PATH), args);
        QVERIFY(cli.waitForFinished(600000));
        const QString output = QString::fromUtf8(cli.readAll());
        QVERIFY2(cli.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(
                     QStringLiteral("weights: 120 tensors into 10 layers from resnet18-f37072fd.pth; the head is "
                                    "new for this dataset's classes (fc.weight (1000x512 in the file)")),
            qPrintable(output));
        QVERIFY2(
            output.contains(QStringLiteral("frozen: 13 layer(s) (layers 0-12); 2052 of 11178564 parameters train")),
            qPrintable(output));
        // Only the head trained.
        const std::map<std::string, at::Tensor> after = tensorsOf(m_root / "cli-run" / "model.pth");
        const std::map<std::string, at::Tensor> before = tensorsOf(weights);
        QVERIFY(torch::equal(after.at("0.weight"), before.at("conv1.weight")));
        QVERIFY(torch::equal(after.at("11.bn2.running_var"), before.at("layer4.1.bn2.running_var")));
        QCOMPARE(after.at("14.weight").size(0), std::int64_t{4});
    }
};

QTEST_GUILESS_MAIN(TestPretrained)
#include "test_pretrained.moc"
