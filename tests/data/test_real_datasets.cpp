// Integration on the real datasets, skipped with a message where they are absent:
//  - Fashion-MNIST from Debian's dataset-fashion-mnist package loads with its real sizes;
//  - the seed CNN trained one epoch by cnnwb on the CIFAR-10 JPEG set reaches >= 50 % test accuracy
//    (the seed's Python loop reaches about 57 % on this data).

#include "cnnwb/engine/dataset.h"
#include "cnnwb/engine/paths.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <filesystem>

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
                QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--out"),
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
    }
};

QTEST_GUILESS_MAIN(TestRealDatasets)
#include "test_real_datasets.moc"
