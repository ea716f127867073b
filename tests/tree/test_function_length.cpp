// Keeps the code base readable as it grows: no function in engine/, ui/ or app/ is longer than 120
// lines (as the lizard analyser counts them), except the few in function_length_allowlist.txt, each
// with the reason it stays long. An entry that no longer needs its place fails too, so the list
// only shrinks.
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

constexpr int kMaxLength = 120;
const QString kSourceDir = QStringLiteral(CNNWB_SOURCE_DIR);

// "engine/src/x.cpp::ns::function" -> its reason.
QMap<QString, QString> readAllowList(QStringList& problems)
{
    QMap<QString, QString> allowed;
    QFile file(kSourceDir + QStringLiteral("/tests/tree/function_length_allowlist.txt"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        problems << QStringLiteral("cannot read tests/tree/function_length_allowlist.txt");
        return allowed;
    }
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype hash = line.indexOf(QStringLiteral(" # "));
        const QString reason = hash < 0 ? QString() : line.mid(hash + 3).trimmed();
        if (reason.isEmpty()) {
            problems << QStringLiteral("allow-list line %1 gives no reason (\"FILE::FUNCTION # why\")").arg(lineNumber);
            continue;
        }
        allowed.insert(line.left(hash).trimmed(), reason);
    }
    return allowed;
}

} // namespace

class TestFunctionLength : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noFunctionOver120Lines()
    {
        QProcess lizard;
        lizard.setWorkingDirectory(kSourceDir);
        lizard.setProcessChannelMode(QProcess::MergedChannels);
        // Only the length threshold counts here: complexity and parameter limits are set out of reach.
        lizard.start(QStringLiteral(CNNWB_PYTHON),
            {QStringLiteral("-m"), QStringLiteral("lizard"), QStringLiteral("--languages"), QStringLiteral("cpp"),
                QStringLiteral("--warnings_only"), QStringLiteral("--length"), QString::number(kMaxLength),
                QStringLiteral("--CCN"), QStringLiteral("100000"), QStringLiteral("--arguments"),
                QStringLiteral("100000"), QStringLiteral("engine"), QStringLiteral("ui"), QStringLiteral("app")});
        QVERIFY(lizard.waitForFinished(120000));
        const QString output = QString::fromUtf8(lizard.readAll());
        if (output.contains(QStringLiteral("No module named lizard")))
            QSKIP("lizard is not installed in the venv (scripts/setup.sh installs it)");

        QStringList problems;
        QMap<QString, QString> allowed = readAllowList(problems);
        // engine/src/a.cpp:12: warning: cnnwb::engine::f has 130 NLOC, 20 CCN, 900 token, 2 PARAM, 140 length, 0 ND
        static const QRegularExpression warning(
            QStringLiteral(R"(^(\S+):\d+: warning: (\S+) has .* (\d+) length)"), QRegularExpression::MultilineOption);
        int found = 0;
        for (auto it = warning.globalMatch(output); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            const QString key = m.captured(1) + QStringLiteral("::") + m.captured(2);
            ++found;
            if (allowed.remove(key) == 0)
                problems << QStringLiteral("%1 has %2 lines (at most %3): name its phases and split it")
                                .arg(key, m.captured(3))
                                .arg(kMaxLength);
        }
        for (auto it = allowed.cbegin(); it != allowed.cend(); ++it)
            problems << QStringLiteral("%1 is allowed to be long but is not (or is gone): remove it from the list")
                            .arg(it.key());
        QVERIFY2(lizard.exitCode() == 0 || found > 0, qPrintable(output.left(2000)));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestFunctionLength)
#include "test_function_length.moc"
