// ONNX export: for every preset and for random valid specs, trained briefly (so BatchNorm has real
// running statistics), the exported model passes onnx.checker (full check) and gives LibTorch's
// eval output in ONNX Runtime and in OpenCV's dnn module (max abs difference <= 1e-4).

#include "support/fixtures.h"

#include "model/model_builder.h"
#include "train/checkpoint_state.h"
#include "train/resume.h"
#include "train/torch_archive.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/export/onnx_export.h"
#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/checkpoint.h"
#include "cnnwb/engine/train/trainer.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <torch/utils.h>

#ifdef CNNWB_HAVE_OPENCV_DNN
#include <opencv2/dnn.hpp>
#endif

#include <fstream>
#include <map>
#include <random>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

constexpr int kClasses = 4;
constexpr int kBatch = 24;

struct Case {
    std::string name;
    engine::ModelSpec spec;
    int opset = 11;
    bool dynamicBatch = true;
};

// A random spec that analyzeModel accepts: a feature extractor of random layers, then a head.
std::optional<engine::ModelSpec> randomSpec(std::mt19937& rng, int index)
{
    using engine::LayerKind;
    using engine::LayerSpec;
    const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    engine::ModelSpec spec;
    spec.name = "random " + std::to_string(index);
    spec.input = {3, 32, 32};
    const LayerKind activations[] = {
        LayerKind::ReLU, LayerKind::LeakyReLU, LayerKind::GELU, LayerKind::SiLU, LayerKind::Sigmoid, LayerKind::Tanh};
    int channels = 3;
    const int blocks = 2 + pick(3);
    for (int b = 0; b < blocks; ++b) {
        if (pick(4) == 0) {
            LayerSpec res = LayerSpec::defaults(LayerKind::ResidualBlock);
            res.outChannels = 4 * (1 + pick(4));
            res.stride = 1 + pick(2);
            spec.layers.push_back(res);
            channels = res.outChannels;
        } else {
            LayerSpec conv = LayerSpec::defaults(LayerKind::Conv2d);
            conv.outChannels = 4 * (1 + pick(4));
            conv.kernel = 1 + 2 * pick(3);
            conv.samePadding = pick(4) == 0;
            conv.stride = conv.samePadding ? 1 : 1 + pick(2);
            conv.padding = pick(3);
            conv.dilation = conv.kernel > 1 && pick(3) == 0 ? 2 : 1;
            conv.groups = (channels % 2 == 0 && conv.outChannels % 2 == 0 && pick(3) == 0) ? 2 : 1;
            conv.bias = pick(2) == 0;
            spec.layers.push_back(conv);
            channels = conv.outChannels;
            if (pick(2) == 0)
                spec.layers.push_back(LayerSpec::defaults(LayerKind::BatchNorm2d));
            LayerSpec act = LayerSpec::defaults(activations[pick(6)]);
            act.negativeSlope = 0.1;
            spec.layers.push_back(act);
        }
        const int pool = pick(4);
        if (pool == 1 || pool == 2) {
            LayerSpec p = LayerSpec::defaults(pool == 1 ? LayerKind::MaxPool2d : LayerKind::AvgPool2d);
            p.kernel = 2 + pick(2);
            p.stride = pick(2) == 0 ? 0 : 2;
            p.padding = p.kernel == 3 ? pick(2) : 0;
            spec.layers.push_back(p);
        } else if (pool == 3) {
            LayerSpec d = LayerSpec::defaults(LayerKind::Dropout2d);
            d.probability = 0.2;
            spec.layers.push_back(d);
        }
    }
    if (pick(2) == 0) {
        LayerSpec adaptive = LayerSpec::defaults(LayerKind::AdaptiveAvgPool2d);
        adaptive.outputSize = 1 + pick(2);
        spec.layers.push_back(adaptive);
    }
    spec.layers.push_back(LayerSpec::defaults(LayerKind::Flatten));
    if (pick(2) == 0) {
        LayerSpec hidden = LayerSpec::defaults(LayerKind::Linear);
        hidden.outChannels = 16;
        spec.layers.push_back(hidden);
        spec.layers.push_back(LayerSpec::defaults(activations[pick(6)]));
        spec.layers.push_back(LayerSpec::defaults(LayerKind::Dropout));
    }
    LayerSpec out = LayerSpec::defaults(LayerKind::Linear);
    out.outChannels = kClasses;
    spec.layers.push_back(out);
    const engine::ModelAnalysis analysis = engine::analyzeModel(spec, kClasses);
    if (!analysis.valid())
        return std::nullopt;
    // Adaptive pooling with uneven windows cannot be exported (tested separately).
    for (std::size_t i = 0; i < spec.layers.size(); ++i)
        if (spec.layers[i].kind == LayerKind::AdaptiveAvgPool2d && spec.layers[i].outputSize > 1
            && analysis.layers[i].inputShape[1] % spec.layers[i].outputSize != 0)
            return std::nullopt;
    return spec;
}

QString pythonPath()
{
    return QStringLiteral(CNNWB_PYTHON);
}

} // namespace

class TestOnnxExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_root;
    std::optional<engine::Dataset> m_data;
    torch::Tensor m_images; ///< kBatch normalized test images

    // Trains `spec` for one epoch and returns its checkpoint.
    engine::Checkpoint trained(const engine::ModelSpec& spec, const std::string& name)
    {
        engine::TrainConfig config;
        config.epochs = 1;
        config.batchSize = 16;
        config.device = "cpu";
        config.learningRate = 3e-3;
        config.outDir = m_root / name;
        const engine::RunResult result = engine::Trainer(config, spec).run(*m_data);
        return engine::Checkpoint::load(result.lastCheckpointPath);
    }

    torch::Tensor libtorchOutput(const engine::ModelSpec& spec, const engine::Checkpoint& checkpoint)
    {
        torch::nn::Sequential model = engine::buildModel(spec);
        engine::loadWeights(model, checkpoint);
        const torch::NoGradGuard noGrad;
        model->eval();
        return model->forward(m_images).contiguous();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_root = m_tmp.path().toStdString();
        test::writeCifar10(m_root / "data", {.recordsPerTrainBatch = 32, .testRecords = 40, .classCount = kClasses});
        m_data = engine::Dataset::load(m_root / "data");
        const auto pixels = m_data->pixels(engine::Split::Test);
        m_images = torch::from_blob(const_cast<std::uint8_t*>(pixels.data()), {kBatch, 3, 32, 32}, torch::kUInt8)
                       .to(torch::kFloat32)
                       .div(127.5)
                       .sub(1.0);
    }

    void exportsMatchLibTorch()
    {
        if (!QFileInfo::exists(pythonPath()))
            QSKIP("the venv's Python (onnx, onnxruntime) is missing: run scripts/setup.sh");
        std::vector<Case> cases;
        // torchvision's networks (224-pixel presets) are checked against torchvision in test_pretrained.
        for (const engine::Preset& preset : engine::builtInPresets())
            if (preset.spec.input.height < 224)
                cases.push_back({preset.id, engine::adaptToDataset(preset.spec, {3, 32, 32}, kClasses)});
        std::mt19937 rng(2024);
        for (int i = 0; static_cast<int>(cases.size()) < 16; ++i)
            if (auto spec = randomSpec(rng, i))
                cases.push_back({"random" + std::to_string(i), *spec});
        const int opsets[] = {11, 12, 13, 14, 15, 16, 17};
        for (std::size_t i = 0; i < cases.size(); ++i) {
            cases[i].opset = opsets[i % 7];
            cases[i].dynamicBatch = i % 5 != 4;
        }

        QStringList bases;
        int openCvChecked = 0;
        QStringList openCvUnsupported;
        QStringList openCvWrong;
        for (const Case& c : cases) {
            const engine::Checkpoint checkpoint = trained(c.spec, c.name);
            const torch::Tensor expected = libtorchOutput(c.spec, checkpoint);
            const fs::path base = m_root / c.name;
            engine::OnnxOptions options;
            options.opset = c.opset;
            options.dynamicBatch = c.dynamicBatch;
            options.batchSize = kBatch;
            engine::exportOnnx(
                c.spec, checkpoint.weights(), m_data->info().classNames, base.string() + ".onnx", options);
            c10::Dict<std::string, at::Tensor> io;
            io.insert("x", m_images);
            io.insert("y", expected);
            std::ofstream(base.string() + ".io", std::ios::binary) << engine::archiveBytes(io);
            bases << QString::fromStdString(base.string()) + QLatin1Char(':') + QString::number(c.dynamicBatch ? 1 : 0);
#ifdef CNNWB_HAVE_OPENCV_DNN
            try {
                cv::dnn::Net net = cv::dnn::readNetFromONNX(base.string() + ".onnx");
                const int dims[] = {kBatch, 3, 32, 32};
                const cv::Mat blob(4, dims, CV_32F, m_images.data_ptr<float>());
                net.setInput(blob);
                cv::Mat out = net.forward();
                const torch::Tensor got = torch::from_blob(out.ptr<float>(), {kBatch, kClasses}, torch::kFloat32);
                const double diff = (got - expected).abs().max().item<double>();
                qInfo("%s: OpenCV dnn max abs difference %.3g", c.name.c_str(), diff);
                if (diff <= 1e-4)
                    ++openCvChecked;
                else
                    openCvWrong << QString::fromStdString(c.name + "\n" + engine::modelSpecToJson(c.spec));
            } catch (const cv::Exception& e) {
                openCvUnsupported << QString::fromStdString(c.name);
                qInfo("%s: OpenCV %s cannot run it: %s", c.name.c_str(), CV_VERSION, e.what());
            }
#endif
        }
#ifdef CNNWB_HAVE_OPENCV_DNN
        // Every model runs in OpenCV with the same outputs.
        QVERIFY2(openCvUnsupported.isEmpty(), qPrintable(openCvUnsupported.join(QLatin1Char(' '))));
        QCOMPARE(openCvChecked + static_cast<int>(openCvWrong.size()), static_cast<int>(cases.size()));
#endif

        const QString script = QStringLiteral(R"(
import json, sys
import numpy as np, onnx, onnxruntime as ort, torch
worst = 0.0
for arg in sys.argv[1:]:
    base, dynamic = arg.rsplit(":", 1)
    model = onnx.load(base + ".onnx")
    onnx.checker.check_model(model, full_check=True)
    meta = {p.key: p.value for p in model.metadata_props}
    assert json.loads(meta["class_names"]) and meta["input_shape"] == "3x32x32", meta
    io = torch.load(base + ".io", weights_only=True)
    x, y = io["x"].numpy(), io["y"].numpy()
    session = ort.InferenceSession(base + ".onnx", providers=["CPUExecutionProvider"])
    got = session.run(["logits"], {"input": x})[0]
    diff = float(np.abs(got - y).max())
    if dynamic == "1":  # the batch dimension is free: one image at a time gives the same
        one = session.run(["logits"], {"input": x[:1]})[0]
        diff = max(diff, float(np.abs(one - y[:1]).max()))
    print(f"{base.rsplit('/', 1)[1]}: opset {model.opset_import[0].version}, ONNX Runtime max abs difference {diff:.3g}")
    worst = max(worst, diff)
print(f"worst {worst:.3g}")
sys.exit(0 if worst <= 1e-4 else 1)
)");
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(pythonPath(), QStringList{QStringLiteral("-c"), script} + bases);
        QVERIFY(python.waitForFinished(600000));
        const QString output = QString::fromUtf8(python.readAll());
        qInfo("%s", qPrintable(output.trimmed()));
        QVERIFY2(python.exitCode() == 0, qPrintable(output));
        QCOMPARE(output.count(QStringLiteral("ONNX Runtime max abs difference")), static_cast<int>(cases.size()));
        QVERIFY2(openCvWrong.isEmpty(), qPrintable(openCvWrong.join(QLatin1Char('\n'))));
    }

    void refusesWhatItCannotWrite()
    {
        const engine::ModelSpec spec
            = engine::adaptToDataset(engine::builtInPresets().front().spec, {3, 32, 32}, kClasses);
        const engine::Checkpoint checkpoint = trained(spec, "refuse");
        const auto expectError = [&](const engine::ModelSpec& s, const std::vector<engine::NamedArray>& weights,
                                     const engine::OnnxOptions& options, const QString& text) {
            try {
                engine::exportOnnx(s, weights, {"a", "b", "c", "d"}, m_root / "refused.onnx", options);
                QFAIL("an export that should fail succeeded");
            } catch (const engine::Error& e) {
                QVERIFY2(QString::fromStdString(e.what()).contains(text), e.what());
            }
            QVERIFY(!fs::exists(m_root / "refused.onnx"));
        };
        engine::OnnxOptions opset10;
        opset10.opset = 10;
        expectError(spec, checkpoint.weights(), opset10, QStringLiteral("choose 11 to 17"));
        engine::OnnxOptions opset18;
        opset18.opset = 18;
        expectError(spec, checkpoint.weights(), opset18, QStringLiteral("opset 18 is not supported"));
        // Weights of another architecture: named with the shapes.
        engine::ModelSpec wider = spec;
        wider.layers.front().outChannels *= 2;
        expectError(wider, checkpoint.weights(), {}, QStringLiteral("0.weight has shape"));
        // Uneven adaptive pooling (32 -> 3) has no ONNX operator.
        engine::ModelSpec uneven;
        uneven.input = {3, 32, 32};
        engine::LayerSpec adaptive = engine::LayerSpec::defaults(engine::LayerKind::AdaptiveAvgPool2d);
        adaptive.outputSize = 3;
        engine::LayerSpec linear = engine::LayerSpec::defaults(engine::LayerKind::Linear);
        linear.outChannels = kClasses;
        uneven.layers = {adaptive, engine::LayerSpec::defaults(engine::LayerKind::Flatten), linear};
        expectError(uneven, {}, {}, QStringLiteral("uneven windows"));
    }
};

QTEST_GUILESS_MAIN(TestOnnxExport)
#include "test_onnx_export.moc"
