// Bad input on cnnwb's command line (fault-injection findings 7 and 8): one line naming what is
// wrong, with the value as the user typed it, and exit code 2; nothing coerced silently.
#include "support/fixtures.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace cnnwb;

class TestCliBadInput : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;

    struct Result {
        int exitCode = -1;
        QString err;
    };

    static Result run(const QStringList& arguments)
    {
        QProcess process;
        process.start(QStringLiteral(CNNWB_CLI_PATH), arguments);
        if (!process.waitForFinished(120000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const fs::path data = fs::path(m_tmp.path().toStdString()) / "data";
        test::writeCifar10(data, {.recordsPerTrainBatch = 8, .testRecords = 8, .classCount = 4});
        m_data = QString::fromStdString(data.string());
    }

    void refusedWithOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fractional batch size") << QStringList{QStringLiteral("--batch-size"), QStringLiteral("3.7")}
                                               << QStringLiteral("must be a whole number, not 3.7");
        QTest::newRow("negative seed") << QStringList{QStringLiteral("--seed"), QStringLiteral("-1")}
                                       << QStringLiteral("must be a whole number of 0 or more, not -1");
        QTest::newRow("huge batch size") << QStringList{QStringLiteral("--batch-size"), QStringLiteral("1000000000000")}
                                         << QStringLiteral("1000000000000");
        QTest::newRow("overflowing rate")
            << QStringList{QStringLiteral("--lr"), QStringLiteral("1e999")} << QStringLiteral("1e999");
    }

    void refusedWithOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const Result r = run(
            QStringList{QStringLiteral("train"), QStringLiteral("--data"), m_data, QStringLiteral("--print-experiment")}
            + arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("-727379968")), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
    }

    // Finding 8: a one-class dataset trained to "100 %" without a word.
    void aSingleClassDatasetIsWarnedAbout()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "one-class";
        test::writeImageFolder(dir, {"cat"}, 4, 2);
        const Result r = run({QStringLiteral("train"), QStringLiteral("--data"), QString::fromStdString(dir.string()),
            QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(QStringLiteral("the dataset has a single class")), qPrintable(r.err));
    }

    // Finding 7, every subcommand: CLI11 alone truncates "3.7" and wraps "-1".
    void everyIntegerOptionTakesWholeNumbersOnly_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("value");
        const QString spec = QStringLiteral(CNNWB_SOURCE_DIR "/resources/presets/simple_cnn.json");
        const QStringList summary{QStringLiteral("summary"), spec};
        const QStringList exportTo{QStringLiteral("export"), QStringLiteral("--checkpoint"), QStringLiteral("x.ckpt"),
            QStringLiteral("--onnx"), QStringLiteral("x.onnx")};
        const QStringList preview{QStringLiteral("preview"), QStringLiteral("--out"), QStringLiteral("x.png")};
        const QStringList predict{QStringLiteral("predict"), QStringLiteral("--checkpoint"), QStringLiteral("x.ckpt"),
            QStringLiteral("x.png")};
        const QStringList cluster{QStringLiteral("cluster"), QStringLiteral("--experiment"), QStringLiteral("e.json"),
            QStringLiteral("--to"), QStringLiteral("c")};
        const auto row = [](const QStringList& command, const char* option, const char* value) {
            QTest::newRow(qPrintable(
                command.front() + QLatin1Char(' ') + QLatin1String(option) + QLatin1Char(' ') + QLatin1String(value)))
                << command + QStringList{QLatin1String(option), QLatin1String(value)} << QString::fromLatin1(value);
        };
        row(summary, "--batch-size", "3.7");
        row(exportTo, "--opset", "17.5");
        row(exportTo, "--fixed-batch", "2e3");
        row(preview, "--seed", "-1");
        row(preview, "--pick", "1.5");
        row(preview, "--epoch", "0x10");
        row(preview, "--zoom", "2.0");
        row(predict, "--top", "3.7");
        row(cluster, "--nodes", "1.5");
        row(cluster, "--port", "29500.1");
    }

    void everyIntegerOptionTakesWholeNumbersOnly()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, value);
        const Result r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("must be a whole number")), qPrintable(r.err));
        QVERIFY2(r.err.contains(value), qPrintable(r.err));
    }

    // Finding 7: libpng's and libjpeg's own lines ("libpng error: Read Error", "Premature end of
    // JPEG file") reached the terminal around cnnwb's error.
    void damagedImagesGiveOnlyCnnwbsLine()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "damaged-images";
        test::writeImageFolder(dir, {"cat", "dog"}, 3, 2, 16);
        const fs::path png = dir / "train" / "dog" / "0000.png";
        test::truncateFile(png, 60);
        // By default the damaged file is left out and named; the run trains on the rest.
        const QStringList train
            = {QStringLiteral("train"), QStringLiteral("--data"), QString::fromStdString(dir.string()),
                QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1")};
        const Result lenient = run(train);
        QCOMPARE(lenient.exitCode, 0);
        QVERIFY2(lenient.err.contains(QStringLiteral("left out 1 image(s) that cannot be decoded: train/dog/0000.png")),
            qPrintable(lenient.err));
        QVERIFY2(!lenient.err.contains(QStringLiteral("libpng")), qPrintable(lenient.err));
        // --strict-images: it stops the run with one line naming it.
        const Result r = run(train + QStringList{QStringLiteral("--strict-images")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QString::fromStdString(png.string())), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("libpng")), qPrintable(r.err));
        const QStringList lines = r.err.trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.last().startsWith(QStringLiteral("cnnwb: error:")), qPrintable(r.err));
        for (const QString& line : lines) // the log's own lines, then the one error: nothing else
            QVERIFY2(line.startsWith(QLatin1Char('[')) || line.startsWith(QStringLiteral("cnnwb: error:")),
                qPrintable(line));
    }

    void resumeGivenAFolderSaysSo()
    {
        const Result r = run({QStringLiteral("train"), QStringLiteral("--resume"), m_tmp.path(),
            QStringLiteral("--epochs"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("is a folder, not a checkpoint file")), qPrintable(r.err));
        QVERIFY2(r.err.contains(m_tmp.path()), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "test_cli_bad_input.moc"
