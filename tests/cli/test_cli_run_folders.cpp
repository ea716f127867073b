// cnnwb train and its output folder (fault-injection finding 3): a second run into a folder holding
// a run is refused with one line and exit code 2, leaving the first run's files as they were;
// --overwrite replaces it; --resume without --out continues in the checkpoint's own folder.
#include "support/fixtures.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
using namespace cnnwb;

namespace {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCnnwb(const QStringList& arguments)
{
    QProcess process;
    process.start(QStringLiteral(CNNWB_CLI_PATH), arguments);
    if (!process.waitForFinished(300000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

std::string readAll(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int csvEpochs(const fs::path& file)
{
    const std::string text = readAll(file);
    return static_cast<int>(std::count(text.begin(), text.end(), '\n')) - 1; // minus the header
}

} // namespace

class TestCliRunFolders : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;
    QString m_run;

    [[nodiscard]] QStringList train(const QStringList& more) const
    {
        return QStringList{QStringLiteral("train"), QStringLiteral("--data"), m_data, QStringLiteral("--device"),
                   QStringLiteral("cpu"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--epochs"),
                   QStringLiteral("1")}
        + more;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const fs::path root = m_tmp.path().toStdString();
        test::writeCifar10(root / "data", {.recordsPerTrainBatch = 16, .testRecords = 16, .classCount = 4});
        m_data = QString::fromStdString((root / "data").string());
        m_run = QString::fromStdString((root / "run").string());
        const Result first = runCnnwb(train({QStringLiteral("--out"), m_run}));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    }

    void aSecondRunIntoTheFolderIsRefused()
    {
        const fs::path run = m_run.toStdString();
        const std::string checkpoint = readAll(run / "last.ckpt");
        const std::string manifest = readAll(run / "manifest.json");
        const Result second
            = runCnnwb(train({QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--out"), m_run}));
        QCOMPARE(second.exitCode, 2);
        QVERIFY2(second.err.contains(QStringLiteral("holds another run")), qPrintable(second.err));
        QCOMPARE(second.err.trimmed().count(QLatin1Char('\n')), 0); // one line
        QCOMPARE(readAll(run / "last.ckpt"), checkpoint);
        QCOMPARE(readAll(run / "manifest.json"), manifest);
    }

    void resumeWithoutOutContinuesInTheCheckpointsFolder()
    {
        const fs::path run = m_run.toStdString();
        const Result resumed = runCnnwb(
            {QStringLiteral("train"), QStringLiteral("--resume"), QString::fromStdString((run / "last.ckpt").string()),
                QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(csvEpochs(run / "metrics.csv"), 2);
    }

    // Finding 9: a cosine schedule run for 1 epoch and resumed to 2 differs from a 2-epoch run; say so.
    void resumingAPlannedScheduleToMoreEpochsSaysItIsReplanned()
    {
        const QString run = QString::fromStdString((fs::path(m_tmp.path().toStdString()) / "cosine").string());
        const Result first
            = runCnnwb(train({QStringLiteral("--schedule"), QStringLiteral("cosine"), QStringLiteral("--out"), run}));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const Result resumed
            = runCnnwb({QStringLiteral("train"), QStringLiteral("--resume"), run + QStringLiteral("/last.ckpt"),
                QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.err.contains(
                     QStringLiteral("planned its cosine schedule over 1 epoch(s); continuing to 2 re-plans")),
            qPrintable(resumed.err));
    }

    void overwriteReplacesTheRun()
    {
        const fs::path run = m_run.toStdString();
        const Result replaced = runCnnwb(train({QStringLiteral("--overwrite"), QStringLiteral("--out"), m_run}));
        QVERIFY2(replaced.exitCode == 0, qPrintable(replaced.err));
        QCOMPARE(csvEpochs(run / "metrics.csv"), 1); // the new run's alone
    }
};

QTEST_GUILESS_MAIN(TestCliRunFolders)
#include "test_cli_run_folders.moc"
