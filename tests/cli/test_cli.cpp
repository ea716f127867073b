// cnnwb as a user meets it: --help and --version, one clear error line and exit code 2 for bad
// arguments and bad data (never a LibTorch backtrace), and a real training run on generated data.

#include "support/fixtures.h"

#include "cnnwb/engine/augment/augmentation_preview.h"
#include "cnnwb/engine/data/dataset.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList& arguments, int timeoutMs = 300000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), QDir::tempPath() + QStringLiteral("/cnnwb-test-cli-data"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CNNWB_CLI_PATH), arguments);
    if (!process.waitForFinished(timeoutMs))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path path(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }
    static QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

    static void expectOneLineError(const Result& r, const QString& fragment)
    {
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = r.err.trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.size() == 1, qPrintable(QStringLiteral("expected one error line, got:\n") + r.err));
        QVERIFY2(lines.front().startsWith(QStringLiteral("cnnwb: error: ")), qPrintable(r.err));
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err + QStringLiteral(" -- lacks: ") + fragment));
        QVERIFY(!r.err.contains(QStringLiteral("Exception raised from")));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void versionAndHelp()
    {
        const Result version = runCli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith(QStringLiteral("cnnwb 0.")), qPrintable(version.out));
        QVERIFY(version.out.contains(QStringLiteral("LibTorch")));
        const Result help = runCli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("train")));
        const Result trainHelp = runCli({QStringLiteral("train"), QStringLiteral("--help")});
        QCOMPARE(trainHelp.exitCode, 0);
        for (const char* option : {"--data", "--epochs", "--batch-size", "--lr", "--device", "--out"})
            QVERIFY2(trainHelp.out.contains(QLatin1String(option)), option);
    }

    void linksNoQt()
    {
        // cnnwb must run in a GPU container that has LibTorch and OpenCV but no Qt.
        QProcess ldd;
        ldd.start(QStringLiteral("ldd"), {QStringLiteral(CNNWB_CLI_PATH)});
        QVERIFY(ldd.waitForFinished(60000));
        const QString libraries = QString::fromUtf8(ldd.readAllStandardOutput());
        QVERIFY2(libraries.contains(QStringLiteral("libtorch")), qPrintable(libraries));
        QVERIFY2(!libraries.contains(QStringLiteral("libQt"), Qt::CaseInsensitive), qPrintable(libraries));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("no command") << QStringList{} << "subcommand";
        QTest::newRow("unknown command") << QStringList{QStringLiteral("fly")} << "fly";
        QTest::newRow("missing data") << QStringList{QStringLiteral("train")} << "--data";
        QTest::newRow("epochs not a number") << QStringList{QStringLiteral("train"), QStringLiteral("--data"),
            QStringLiteral("/tmp"), QStringLiteral("--epochs"), QStringLiteral("many")}
                                             << "--epochs";
        QTest::newRow("zero batch") << QStringList{QStringLiteral("train"), QStringLiteral("--data"),
            QStringLiteral("/tmp"), QStringLiteral("--batch-size"), QStringLiteral("0")}
                                    << "--batch-size";
        QTest::newRow("unknown option") << QStringList{QStringLiteral("train"), QStringLiteral("--data"),
            QStringLiteral("/tmp"), QStringLiteral("--colour")}
                                        << "--colour";
    }

    void badArguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, fragment);
        expectOneLineError(runCli(arguments), fragment);
    }

    void badDataNamesTheFile()
    {
        const fs::path root = path("truncated");
        test::writeCifar10(root, {.recordsPerTrainBatch = 2, .testRecords = 2, .classCount = 10});
        test::truncateFile(root / "data_batch_2.bin", 100);
        expectOneLineError(
            runCli({QStringLiteral("train"), QStringLiteral("--data"), q(root)}), q(root / "data_batch_2.bin"));
        expectOneLineError(runCli({QStringLiteral("train"), QStringLiteral("--data"), q(path("missing"))}),
            QStringLiteral("does not exist"));
        test::writeCifar10(path("fine"), {.recordsPerTrainBatch = 2, .testRecords = 2, .classCount = 10});
        expectOneLineError(runCli({QStringLiteral("train"), QStringLiteral("--data"), q(path("fine")),
                               QStringLiteral("--device"), QStringLiteral("tpu")}),
            QStringLiteral("unknown device"));
    }

    void summaryPrintsTheTable()
    {
        const QString preset = QStringLiteral(CNNWB_SOURCE_DIR "/resources/presets/simple_cnn.json");
        const Result table = runCli({QStringLiteral("summary"), preset});
        QVERIFY2(table.exitCode == 0, qPrintable(table.err));
        QVERIFY2(table.out.contains(QStringLiteral("Conv2d-0")), qPrintable(table.out));
        QVERIFY(table.out.contains(QStringLiteral("[-1, 32, 32, 32]")));
        QVERIFY(table.out.contains(QStringLiteral("Total params: 82,826")));

        const Result json = runCli({QStringLiteral("summary"), preset, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(object.value(QStringLiteral("total_parameters")).toInteger(), 82826);
        QVERIFY(object.value(QStringLiteral("valid")).toBool());
        const QJsonArray layers = object.value(QStringLiteral("layers")).toArray();
        QCOMPARE(layers.size(), 5);
        QCOMPARE(layers[4].toObject().value(QStringLiteral("output_shape")).toArray().first().toInt(), 10);
    }

    void summaryOfAnInvalidSpecListsEveryProblem()
    {
        const fs::path spec = path("broken.json");
        std::ofstream(spec) << R"({"version": 1, "input": [1, 4, 4], "layers": [
            {"type": "Conv2d", "out_channels": 8, "kernel_size": 0},
            {"type": "Dropout", "p": 2.0},
            {"type": "Flatten"}, {"type": "Linear", "out_features": 10}]})";
        const Result r = runCli({QStringLiteral("summary"), q(spec)});
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = r.err.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QVERIFY2(
            lines[0].contains(QStringLiteral("layer 0 Conv2d: kernel size must be at least 1")), qPrintable(r.err));
        QVERIFY2(lines[1].contains(QStringLiteral("layer 1 Dropout: p must be between 0 and 1")), qPrintable(r.err));
    }

    void trainsAnExperimentFile()
    {
        const fs::path root = path("exp-data");
        test::writeCifar10(root, {.recordsPerTrainBatch = 16, .testRecords = 16, .classCount = 4});
        const fs::path experiment = path("exp.json");
        std::ofstream(experiment) << R"({"version": 1,
            "model": {"version": 1, "name": "tiny", "input": [3, 32, 32], "layers": [
                {"type": "Conv2d", "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1},
                {"type": "BatchNorm2d"}, {"type": "ReLU"}, {"type": "AdaptiveAvgPool2d", "output_size": 2},
                {"type": "Flatten"}, {"type": "Linear", "out_features": 4}]},
            "data": {"folder": "exp-data"},
            "training": {"epochs": 3, "batch_size": 16, "learning_rate": 0.01, "device": "cpu"}})";
        const Result r = runCli({QStringLiteral("train"), QStringLiteral("--experiment"), q(experiment),
            QStringLiteral("--epochs"), QStringLiteral("1")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QStringLiteral("epoch 1/1")), qPrintable(r.out));       // --epochs overrides the file
        QVERIFY2(r.out.contains(QStringLiteral(" 188 parameters")), qPrintable(r.out)); // 4*27+4 + 8 + 16*4+4

        std::ofstream(path("wrong-classes.json")) << R"({"model": {"input": [3, 32, 32], "layers": [
                {"type": "Flatten"}, {"type": "Linear", "out_features": 10}]}, "data": {"folder": "exp-data"}})";
        expectOneLineError(
            runCli({QStringLiteral("train"), QStringLiteral("--experiment"), q(path("wrong-classes.json"))}),
            QStringLiteral("the network gives 10 scores but the dataset has 4 classes"));
    }

    void previewWritesTheGuiGrid()
    {
        const fs::path root = path("preview-data");
        test::writeCifar10(root, {.recordsPerTrainBatch = 10, .testRecords = 8, .classCount = 4});
        const fs::path spec = path("augment.json");
        test::writeBytes(spec, [] {
            const std::string text = R"({"random_crop": {"enabled": true, "padding": 4},
                "horizontal_flip": {"enabled": true}, "color_jitter": {"enabled": true},
                "normalize": {"preset": "cifar10"}})";
            return std::vector<std::uint8_t>(text.begin(), text.end());
        }());
        const fs::path out = path("grid.png");
        Result r = runCli({QStringLiteral("preview"), QStringLiteral("--data"), q(root), QStringLiteral("--augment"),
            q(spec), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--grid"), QStringLiteral("4x2"),
            QStringLiteral("--original"), QStringLiteral("--zoom"), QStringLiteral("2"), QStringLiteral("--out"),
            q(out)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("crop(4)+hflip+jitter")), qPrintable(r.out));
        // The same grid the Data page shows for these settings, pixel for pixel.
        const engine::Dataset dataset = engine::Dataset::load(root);
        engine::PreviewOptions options;
        options.columns = 4;
        options.rows = 2;
        options.seed = 3;
        options.showOriginal = true;
        options.zoom = 2;
        const engine::AugmentationSpec augmentation = engine::augmentationFromJson(
            R"({"random_crop": {"enabled": true, "padding": 4}, "horizontal_flip": {"enabled": true},
                "color_jitter": {"enabled": true}, "normalize": {"preset": "cifar10"}})",
            "inline");
        const engine::RgbImage expected = engine::renderPreviewGrid(dataset, augmentation, options);
        cv::Mat written = cv::imread(out.string(), cv::IMREAD_COLOR);
        QVERIFY(!written.empty());
        cv::cvtColor(written, written, cv::COLOR_BGR2RGB);
        QCOMPARE(written.cols, expected.width);
        QCOMPARE(written.rows, expected.height);
        QVERIFY(written.isContinuous());
        QVERIFY(std::equal(expected.pixels.begin(), expected.pixels.end(), written.data)); // PNG is lossless

        expectOneLineError(runCli({QStringLiteral("preview"), QStringLiteral("--data"), q(root),
                               QStringLiteral("--grid"), QStringLiteral("8by4"), QStringLiteral("--out"), q(out)}),
            QStringLiteral("--grid"));
        expectOneLineError(runCli({QStringLiteral("preview"), QStringLiteral("--data"), q(path("nowhere")),
                               QStringLiteral("--out"), q(out)}),
            QStringLiteral("does not exist"));
    }

    void evaluatesAndPredicts()
    {
        const fs::path root = path("insight-data");
        test::writeCifar10(root, {.recordsPerTrainBatch = 40, .testRecords = 40, .classCount = 4});
        const fs::path run = path("insight-run");
        Result r = runCli({QStringLiteral("train"), QStringLiteral("--data"), q(root), QStringLiteral("--epochs"),
            QStringLiteral("1"), QStringLiteral("--batch-size"), QStringLiteral("8"), QStringLiteral("--device"),
            QStringLiteral("cpu"), QStringLiteral("--out"), q(run)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QRegularExpression accuracyLine(QStringLiteral(R"(test accuracy ([0-9.]+) %)"));
        const double trained = accuracyLine.match(r.out).captured(1).toDouble();

        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--checkpoint"), q(run / "last.ckpt"),
            QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("total")).toInt(), 40); // the checkpoint's data folder by default
        QVERIFY(std::abs(100.0 * report.value(QStringLiteral("accuracy")).toDouble() - trained) < 0.01);
        QCOMPARE(report.value(QStringLiteral("classes")).toArray().size(), 4);
        QCOMPARE(report.value(QStringLiteral("confusion")).toArray().size(), 4);
        r = runCli({QStringLiteral("evaluate"), QStringLiteral("--checkpoint"), q(run / "last.ckpt"),
            QStringLiteral("--data"), q(root)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("confusion matrix")) && r.out.contains(QStringLiteral("precision")),
            qPrintable(r.out));

        // An image file of the training data's kind: one of the dataset's own test images as PNG.
        const engine::Dataset dataset = engine::Dataset::load(root);
        const std::uint8_t* planar = dataset.pixels(engine::Split::Test).data();
        cv::Mat rgb(32, 32, CV_8UC3);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                for (int c = 0; c < 3; ++c)
                    rgb.at<cv::Vec3b>(y, x)[2 - c] = planar[c * 1024 + y * 32 + x]; // BGR for imwrite
        const fs::path png = path("one.png");
        QVERIFY(cv::imwrite(png.string(), rgb));
        r = runCli({QStringLiteral("predict"), QStringLiteral("--checkpoint"), q(run / "last.ckpt"), q(png),
            QStringLiteral("--top"), QStringLiteral("3"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray predictions = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(predictions.size(), 1);
        const QJsonArray top = predictions.at(0).toObject().value(QStringLiteral("top")).toArray();
        QCOMPARE(top.size(), 3);
        double previous = 1.0;
        for (const QJsonValue& entry : top) {
            const double p = entry.toObject().value(QStringLiteral("probability")).toDouble();
            QVERIFY(p <= previous);
            previous = p;
        }
        r = runCli({QStringLiteral("predict"), QStringLiteral("--checkpoint"), q(run / "last.ckpt"), q(png)});
        QVERIFY2(r.out.contains(QStringLiteral(" %  ")), qPrintable(r.out));
        expectOneLineError(runCli({QStringLiteral("predict"), QStringLiteral("--checkpoint"), q(run / "last.ckpt"),
                               q(path("missing.png"))}),
            QStringLiteral("missing.png"));
    }

    void trainsAndReportsLikeTheSeed()
    {
        const fs::path root = path("separable");
        test::writeCifar10(root, {.recordsPerTrainBatch = 40, .testRecords = 40, .classCount = 4});
        const fs::path out = path("run");
        const Result r = runCli({QStringLiteral("train"), QStringLiteral("--data"), q(root), QStringLiteral("--epochs"),
            QStringLiteral("2"), QStringLiteral("--batch-size"), QStringLiteral("2"), QStringLiteral("--device"),
            QStringLiteral("cpu"), QStringLiteral("--out"), q(out)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // 200 images in batches of 2: the running loss of every 100 batches is printed, like the seed.
        QVERIFY2(r.out.contains(QStringLiteral("[1,   100] loss: ")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("[2,   100] loss: ")));
        const QRegularExpression epochLine(QStringLiteral(
            R"(epoch 2/2: train loss [0-9.]+, train accuracy [0-9.]+ %, test loss [0-9.]+, test accuracy ([0-9.]+) %, [0-9]+ images/s, [0-9.]+ s)"));
        const auto match = epochLine.match(r.out);
        QVERIFY2(match.hasMatch(), qPrintable(r.out));
        QVERIFY2(match.captured(1).toDouble() >= 90.0, qPrintable(r.out));
        QVERIFY(fs::exists(out / "model.pth"));
        QVERIFY(fs::exists(out / "metrics.csv"));
        QVERIFY(fs::exists(out / "last.ckpt"));
    }

    void manifestAndReproduce()
    {
        const fs::path root = path("manifest-data");
        test::writeCifar10(root, {.recordsPerTrainBatch = 40, .testRecords = 40, .classCount = 4});
        const fs::path run = path("manifest-run");
        qputenv("CNNWB_IMAGE_TAG", "cnn-workbench:test-tag");
        Result r = runCli({QStringLiteral("train"), QStringLiteral("--data"), q(root), QStringLiteral("--epochs"),
            QStringLiteral("2"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--seed"),
            QStringLiteral("5"), QStringLiteral("--out"), q(run)});
        qunsetenv("CNNWB_IMAGE_TAG");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile file(q(run / "manifest.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject m = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(m[QStringLiteral("seed")].toInt(), 5);
        QCOMPARE(m[QStringLiteral("experiment")]
                     .toObject()[QStringLiteral("training")]
                     .toObject()[QStringLiteral("epochs")]
                     .toInt(),
            2);
        const QJsonObject software = m[QStringLiteral("software")].toObject();
        QVERIFY(software[QStringLiteral("cnn_workbench")].toString().startsWith(QStringLiteral("0.")));
        QVERIFY(!software[QStringLiteral("libtorch")].toString().isEmpty());
        QVERIFY(!software[QStringLiteral("opencv")].toString().isEmpty());
        QVERIFY(software.contains(QStringLiteral("git_commit")) && software.contains(QStringLiteral("cudnn")));
        const QJsonObject env = m[QStringLiteral("environment")].toObject();
        QCOMPARE(env[QStringLiteral("front_end")].toString(), QStringLiteral("cnnwb"));
        QCOMPARE(env[QStringLiteral("container_image")].toString(), QStringLiteral("cnn-workbench:test-tag"));
        QCOMPARE(m[QStringLiteral("device")].toObject()[QStringLiteral("id")].toString(), QStringLiteral("cpu"));
        QCOMPARE(m[QStringLiteral("dataset")].toObject()[QStringLiteral("checksum")].toString().size(), 16);
        QCOMPARE(
            m[QStringLiteral("result")].toObject()[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        QCOMPARE(m[QStringLiteral("result")].toObject()[QStringLiteral("epochs_done")].toInt(), 2);

        r = runCli({QStringLiteral("reproduce"), q(run), QStringLiteral("--out"), q(path("manifest-again"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QStringLiteral("identical: every compared loss and accuracy matches bit for bit")),
            qPrintable(r.out));

        // Other data is refused with both checksums.
        const fs::path other = path("manifest-other");
        test::writeCifar10(other, {.recordsPerTrainBatch = 40, .testRecords = 20, .classCount = 4});
        expectOneLineError(runCli({QStringLiteral("reproduce"), q(run), QStringLiteral("--data"), q(other)}),
            QStringLiteral("the data differs from the run's"));
    }

    void resumesAndExports()
    {
        const fs::path root = path("resume-data");
        test::writeCifar10(root, {.recordsPerTrainBatch = 40, .testRecords = 40, .classCount = 4});
        const fs::path first = path("resume-first");
        const QStringList common = {QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--threads"),
            QStringLiteral("2"), QStringLiteral("--batch-size"), QStringLiteral("8")};
        Result r
            = runCli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), q(root), QStringLiteral("--epochs"),
                         QStringLiteral("3"), QStringLiteral("--out"), q(path("resume-whole"))}
                + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString wholeEpoch3 = r.out.split(QLatin1Char('\n')).filter(QStringLiteral("epoch 3/3")).value(0);
        r = runCli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), q(root), QStringLiteral("--epochs"),
                       QStringLiteral("2"), QStringLiteral("--out"), q(first)}
            + common);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("checkpoint (to resume) saved to")));
        // --resume takes the model, data and settings from the checkpoint; --epochs is the total.
        r = runCli({QStringLiteral("train"), QStringLiteral("--resume"), q(first / "last.ckpt"),
            QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--out"), q(path("resume-second"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("resuming from epoch 2 of 2 done")), qPrintable(r.out));
        const QString resumedEpoch3 = r.out.split(QLatin1Char('\n')).filter(QStringLiteral("epoch 3/3")).value(0);
        // Same losses and accuracies as the uninterrupted run (speed and time differ).
        QVERIFY(!wholeEpoch3.isEmpty());
        QCOMPARE(resumedEpoch3.section(QStringLiteral(" images/s"), 0, 0).section(QLatin1Char(','), 0, 3),
            wholeEpoch3.section(QStringLiteral(" images/s"), 0, 0).section(QLatin1Char(','), 0, 3));

        r = runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"), q(first / "last.ckpt"),
            QStringLiteral("--onnx"), q(path("m.onnx")), QStringLiteral("--opset"), QStringLiteral("17"),
            QStringLiteral("--pth"), q(path("m.pth"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("ONNX (opset 17, dynamic batch) written to")));
        QVERIFY(fs::file_size(path("m.onnx")) > 1000);
        QVERIFY(fs::file_size(path("m.pth")) > 1000);

        expectOneLineError(
            runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"), q(first / "last.ckpt"),
                QStringLiteral("--onnx"), q(path("x.onnx")), QStringLiteral("--opset"), QStringLiteral("9")}),
            QStringLiteral("--opset"));
        std::ofstream(path("truncated.ckpt"), std::ios::binary) << "PK\x03\x04 not really";
        expectOneLineError(runCli({QStringLiteral("export"), QStringLiteral("--checkpoint"), q(path("truncated.ckpt")),
                               QStringLiteral("--onnx"), q(path("x.onnx"))}),
            q(path("truncated.ckpt")));
        QVERIFY(!fs::exists(path("x.onnx")));
        expectOneLineError(runCli({QStringLiteral("train"), QStringLiteral("--resume"), q(first / "last.ckpt"),
                               QStringLiteral("--epochs"), QStringLiteral("2")}),
            QStringLiteral("already trained 2 epochs"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
