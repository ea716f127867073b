// The spec builder against LibTorch itself: for every layer kind and for hundreds of random specs,
// the shapes and parameter counts inferred without tensors equal what a forward pass of the built
// module gives; invalid specs are rejected with a message, never a crash; and the Python code
// written for each preset computes the same outputs from the same weights (venv's torch).
//
// This test compiles against LibTorch, so it includes no spdlog header (see engine/CMakeLists.txt).

#include "model/model_builder.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/export/python_code.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/model/presets.h"

#include "train/checkpoint_state.h"
#include "train/torch_archive.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <torch/serialize.h>
#include <torch/utils.h>

#include <fstream>
#include <random>

using namespace cnnwb;
using engine::LayerKind;
using engine::LayerSpec;

namespace {

std::int64_t parameterCount(const std::shared_ptr<torch::nn::Module>& module)
{
    std::int64_t total = 0;
    for (const auto& p : module->parameters())
        total += p.numel();
    return total;
}

std::int64_t bufferCount(const std::shared_ptr<torch::nn::Module>& module)
{
    std::int64_t total = 0;
    for (const auto& b : module->buffers())
        total += b.numel();
    return total;
}

// Runs the module layer by layer and compares each layer with the analysis. Returns "" or a mismatch.
std::string compareWithTorch(const engine::ModelSpec& spec)
{
    const engine::ModelAnalysis analysis = engine::analyzeModel(spec);
    torch::nn::Sequential model = engine::buildModel(spec);
    model->eval();
    const torch::NoGradGuard noGrad;
    torch::Tensor x = torch::randn({2, spec.input.channels, spec.input.height, spec.input.width});
    std::size_t i = 0;
    for (auto& layer : *model) {
        x = layer.forward(x);
        const auto& expected = analysis.layers[i];
        std::vector<std::int64_t> actual(x.sizes().begin() + 1, x.sizes().end());
        const auto module = model->ptr(i);
        if (actual != expected.outputShape)
            return "layer " + std::to_string(i) + " shape " + c10::str(x.sizes()) + " vs "
                + engine::modelSpecToJson(spec);
        if (parameterCount(module) != expected.parameters)
            return "layer " + std::to_string(i) + " parameters " + std::to_string(parameterCount(module)) + " vs "
                + std::to_string(expected.parameters);
        if (bufferCount(module) != expected.buffers)
            return "layer " + std::to_string(i) + " buffers";
        ++i;
    }
    return {};
}

LayerSpec randomLayer(std::mt19937& rng, bool allowInvalid)
{
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const auto& kinds = engine::allLayerKinds();
    LayerSpec l = LayerSpec::defaults(kinds[std::size_t(pick(0, int(kinds.size()) - 1))]);
    const int lo = allowInvalid ? -2 : 0;
    l.outChannels = pick(allowInvalid ? -1 : 1, 12);
    l.kernel = pick(allowInvalid ? -1 : 1, 5);
    l.stride = pick(allowInvalid ? -1 : (l.kind == LayerKind::MaxPool2d || l.kind == LayerKind::AvgPool2d ? 0 : 1), 3);
    l.padding = pick(lo, 2);
    l.dilation = pick(allowInvalid ? 0 : 1, 2);
    l.groups = pick(allowInvalid ? 0 : 1, 2);
    l.samePadding = pick(0, 4) == 0;
    l.bias = pick(0, 1) == 1;
    l.outputSize = pick(allowInvalid ? 0 : 1, 3);
    l.probability = allowInvalid ? pick(-1, 3) * 0.5 : pick(0, 4) * 0.2;
    l.negativeSlope = pick(0, 3) * 0.1;
    if (l.kind == LayerKind::Linear)
        l.inFeatures = allowInvalid && pick(0, 3) == 0 ? pick(1, 50) : 0;
    return l;
}

engine::ModelSpec randomSpec(std::mt19937& rng, bool allowInvalid)
{
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    engine::ModelSpec spec;
    spec.input = {pick(1, 4), pick(4, 20), pick(4, 20)};
    const int count = pick(1, 7);
    for (int i = 0; i < count; ++i)
        spec.layers.push_back(randomLayer(rng, allowInvalid));
    if (!allowInvalid) {
        spec.layers.push_back(LayerSpec::defaults(LayerKind::Flatten));
        spec.layers.push_back(LayerSpec::defaults(LayerKind::Linear));
    }
    return spec;
}

QString pythonPath()
{
    return QStringLiteral(CNNWB_PYTHON);
}

} // namespace

class TestModelBuilder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(1); }

    void everyKindMatchesLibTorch()
    {
        for (LayerKind kind : engine::allLayerKinds()) {
            engine::ModelSpec spec;
            spec.input = {4, 9, 11};
            LayerSpec l = LayerSpec::defaults(kind);
            if (kind == LayerKind::Linear)
                spec.layers.push_back(LayerSpec::defaults(LayerKind::Flatten));
            spec.layers.push_back(l);
            if (kind != LayerKind::Linear) {
                spec.layers.push_back(LayerSpec::defaults(LayerKind::Flatten));
                spec.layers.push_back(LayerSpec::defaults(LayerKind::Linear));
            }
            const std::string mismatch = compareWithTorch(spec);
            QVERIFY2(mismatch.empty(), (std::string(engine::layerKindName(kind)) + ": " + mismatch).c_str());
        }
    }

    void randomValidSpecsMatchLibTorch()
    {
        std::mt19937 rng(2024);
        int checked = 0;
        for (int attempt = 0; attempt < 3000 && checked < 300; ++attempt) {
            const engine::ModelSpec spec = randomSpec(rng, false);
            if (!engine::analyzeModel(spec).valid())
                continue; // e.g. a pool that does not fit: covered by the invalid-spec test
            const std::string mismatch = compareWithTorch(spec);
            QVERIFY2(mismatch.empty(), mismatch.c_str());
            ++checked;
        }
        qInfo("%d random valid specs checked against LibTorch", checked);
        QVERIFY(checked >= 300);
    }

    void invalidSpecsAreRejectedWithAMessage()
    {
        std::mt19937 rng(7);
        int rejected = 0;
        for (int attempt = 0; attempt < 2000; ++attempt) {
            const engine::ModelSpec spec = randomSpec(rng, true);
            const engine::ModelAnalysis analysis = engine::analyzeModel(spec);
            if (analysis.valid())
                continue;
            ++rejected;
            for (const auto& problem : analysis.problems) {
                QVERIFY(!problem.message.empty());
                if (problem.layerIndex >= 0)
                    QVERIFY(problem.message.rfind("layer " + std::to_string(problem.layerIndex) + " ", 0) == 0);
            }
            try {
                (void)engine::buildModel(spec);
                QFAIL("an invalid spec was built");
            } catch (const engine::Error& e) {
                QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
            }
        }
        qInfo("%d random invalid specs rejected", rejected);
        QVERIFY(rejected >= 300);
    }

    void pythonCodeComputesTheSameOutputs()
    {
        if (!QFileInfo::exists(pythonPath()))
            QSKIP("the venv's Python (scripts/setup.sh) is not there");
        QTemporaryDir dir;
        for (const engine::Preset& preset : engine::builtInPresets()) {
            torch::manual_seed(3);
            torch::nn::Sequential model = engine::buildModel(preset.spec);
            const auto& in = preset.spec.input;
            // A few training-mode passes give BatchNorm non-trivial running statistics.
            {
                const torch::NoGradGuard noGrad;
                model->train();
                for (int i = 0; i < 3; ++i)
                    model->forward(torch::randn({8, in.channels, in.height, in.width}) * 2 + 0.5);
            }
            model->eval();
            const torch::Tensor x = torch::randn({4, in.channels, in.height, in.width});
            torch::Tensor y;
            {
                const torch::NoGradGuard noGrad;
                y = model->forward(x);
            }
            // The state dict exactly as the trainer writes model.pth.
            c10::Dict<std::string, at::Tensor> io;
            io.insert("x", x);
            io.insert("y", y);
            const std::string base = (dir.path() + QLatin1Char('/')).toStdString() + preset.id;
            for (const auto& [suffix, bytes] :
                {std::pair<std::string, std::string>{".pth", engine::stateDictBytes(engine::modelTensors(model))},
                    {".io", engine::archiveBytes(io)}})
                std::ofstream(base + suffix, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
            std::ofstream(base + "_model.py") << engine::pythonCode(preset.spec);
            const std::string check = R"(
import importlib.util, sys, torch
spec = importlib.util.spec_from_file_location("m", sys.argv[1] + "_model.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
model = m.build_model()
model.load_state_dict(torch.load(sys.argv[1] + ".pth", weights_only=True), strict=True)
model.eval()
io = torch.load(sys.argv[1] + ".io", weights_only=True)
with torch.no_grad():
    diff = (model(io["x"]) - io["y"]).abs().max().item()
print(f"max abs difference {diff:.3g}")
sys.exit(0 if diff <= 1e-5 else 1)
)";
            std::ofstream(base + "_check.py") << check;
            QProcess python;
            python.setProcessChannelMode(QProcess::MergedChannels);
            python.start(pythonPath(), {QString::fromStdString(base + "_check.py"), QString::fromStdString(base)});
            QVERIFY(python.waitForFinished(300000));
            const QString output = QString::fromUtf8(python.readAll()).trimmed();
            qInfo("%s: %s", preset.id.c_str(), qPrintable(output.split(QLatin1Char('\n')).last()));
            QVERIFY2(python.exitCode() == 0, qPrintable(output));
        }
    }
};

QTEST_GUILESS_MAIN(TestModelBuilder)
#include "test_model_builder.moc"
