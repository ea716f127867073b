// Integration on the real datasets, skipped with a message where they are absent:
//  - Fashion-MNIST from Debian's dataset-fashion-mnist package loads with its real sizes;
//  - the seed CNN trained one epoch by cnnwb on the CIFAR-10 JPEG set reaches >= 50 % test accuracy
//    (the seed's Python loop reaches about 57 % on this data);
//  - that model exported to ONNX gives, on 256 real test images, what its state dict (model.pth)
//    gives in the equivalent PyTorch nn.Sequential (ONNX Runtime vs LibTorch, max abs <= 1e-4).

#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/export/python_code.h"
#include "cnnwb/engine/train/checkpoint.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

fs::path cifarArchive()
{
    if (const char* env = std::getenv("CNNWB_CIFAR10_JPEG_ARCHIVE"); env != nullptr && *env != '\0')
        return env;
    return fs::path(CNNWB_SOURCE_DIR) / ".." / "shared" / "datasets" / "cifar10-jpeg.tar.gz";
}

} // namespace

class TestRealDatasets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fashionMnistFromDebian()
    {
        if (!fs::exists(engine::kDebianFashionMnistDir / "train-images-idx3-ubyte.gz"))
            QSKIP("Debian's dataset-fashion-mnist package is not installed (scripts/setup.sh installs it)");
        const engine::Dataset data = engine::Dataset::load(engine::kDebianFashionMnistDir);
        QCOMPARE(data.info().name, std::string("Fashion-MNIST"));
        QCOMPARE(data.size(engine::Split::Train), std::int64_t{60000});
        QCOMPARE(data.size(engine::Split::Test), std::int64_t{10000});
        QCOMPARE(data.info().shape, (engine::ImageShape{1, 28, 28}));
        QCOMPARE(data.info().classNames.front(), std::string("T-shirt/top"));
    }

    void cifar10JpegOneEpochReachesFiftyPercent()
    {
        const fs::path archive = cifarArchive();
        if (!fs::exists(archive))
            QSKIP(qPrintable(QStringLiteral("CIFAR-10 JPEG archive not found at %1 (set CNNWB_CIFAR10_JPEG_ARCHIVE)")
                                 .arg(QString::fromStdString(archive.string()))));
        const fs::path cache = fs::path(CNNWB_TEST_CACHE_DIR) / "cifar10-jpeg";
        if (!fs::exists(cache / "cifar10-jpeg" / "test" / "truck")) {
            fs::create_directories(cache);
            QProcess tar;
            tar.setWorkingDirectory(QString::fromStdString(cache.string()));
            tar.start(QStringLiteral("tar"), {QStringLiteral("-xzf"), QString::fromStdString(archive.string())});
            QVERIFY(tar.waitForFinished(600000));
            QCOMPARE(tar.exitCode(), 0);
        }
        QProcess cli;
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(CNNWB_CLI_PATH),
            {QStringLiteral("train"), QStringLiteral("--data"), QString::fromStdString(cache.string()),
                QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--overwrite"), QStringLiteral("--out"),
                QString::fromStdString((fs::path(CNNWB_TEST_CACHE_DIR) / "cifar10-run").string())});
        QVERIFY(cli.waitForFinished(1500000));
        const QString output = QString::fromUtf8(cli.readAll());
        qInfo(
            "%s", qPrintable(output.split(QLatin1Char('\n')).filter(QStringLiteral("epoch")).join(QLatin1Char('\n'))));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY2(output.contains(QStringLiteral("50000 train / 10000 test images")), qPrintable(output));
        const auto match = QRegularExpression(QStringLiteral(R"(test accuracy ([0-9.]+) %)")).match(output);
        QVERIFY2(match.hasMatch(), qPrintable(output));
        QVERIFY2(match.captured(1).toDouble() >= 50.0, qPrintable(output));

        // The trained model as ONNX, checked on real images against PyTorch with its state dict.
        const fs::path run = fs::path(CNNWB_TEST_CACHE_DIR) / "cifar10-run";
        const fs::path onnx = run / "model.onnx";
        QProcess exporter;
        exporter.setProcessChannelMode(QProcess::MergedChannels);
        exporter.start(QStringLiteral(CNNWB_CLI_PATH),
            {QStringLiteral("export"), QStringLiteral("--checkpoint"),
                QString::fromStdString((run / "last.ckpt").string()), QStringLiteral("--onnx"),
                QString::fromStdString(onnx.string())});
        QVERIFY(exporter.waitForFinished(120000));
        QVERIFY2(exporter.exitCode() == 0, exporter.readAll().constData());
        if (!QFileInfo::exists(QStringLiteral(CNNWB_PYTHON)))
            QSKIP("the venv's Python is missing: the ONNX check on real images needs onnxruntime");
        const engine::Checkpoint checkpoint = engine::Checkpoint::load(run / "last.ckpt");
        std::ofstream(run / "model.py") << engine::pythonCode(checkpoint.info().experiment.model);
        const QString script = QStringLiteral(R"(
import importlib.util, sys
import numpy as np, onnxruntime as ort, torch
from torchvision import datasets, transforms
run, data = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("m", run + "/model.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
model = m.build_model()
model.load_state_dict(torch.load(run + "/model.pth", weights_only=True))
model.eval()
test = datasets.ImageFolder(data + "/test", transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,) * 3, (0.5,) * 3)]))
x = torch.stack([test[i * 39][0] for i in range(256)])
with torch.no_grad():
    expected = model(x).numpy()
got = ort.InferenceSession(run + "/model.onnx", providers=["CPUExecutionProvider"]).run(None, {"input": x.numpy()})[0]
diff = float(np.abs(got - expected).max())
agree = float((got.argmax(1) == expected.argmax(1)).mean())
print(f"256 real CIFAR-10 test images: ONNX Runtime vs PyTorch max abs difference {diff:.3g}, same class {agree:.0%}")
sys.exit(0 if diff <= 1e-4 else 1)
)");
        QProcess python;
        python.setProcessChannelMode(QProcess::MergedChannels);
        python.start(QStringLiteral(CNNWB_PYTHON),
            {QStringLiteral("-c"), script, QString::fromStdString(run.string()),
                QString::fromStdString((cache / "cifar10-jpeg").string())});
        QVERIFY(python.waitForFinished(600000));
        const QString checked = QString::fromUtf8(python.readAll()).trimmed();
        qInfo("%s", qPrintable(checked));
        QVERIFY2(python.exitCode() == 0, qPrintable(checked));
    }
};

QTEST_GUILESS_MAIN(TestRealDatasets)
#include "test_real_datasets.moc"
