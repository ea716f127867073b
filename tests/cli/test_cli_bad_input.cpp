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
