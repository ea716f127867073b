// Desktop packaging: the .desktop file and AppStream metainfo pass their validators and share one
// reverse-DNS id with the icon; `cmake --install` lays out programs, desktop entry, icons (SVG and
// rendered PNG sizes), metainfo and presets, and the installed programs run and report versions.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kId = QStringLiteral("org.cnnworkbench.CnnWorkbench");

QString packagingFile(const QString& name)
{
    return QStringLiteral(CNNWB_SOURCE_DIR "/packaging/") + name;
}

struct Run {
    int exitCode = -1;
    QString output;
};

Run run(const QString& program, const QStringList& arguments, int timeoutMs = 300000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs))
        return {};
    return {
        process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, QString::fromUtf8(process.readAll())};
}

} // namespace

class TestPackaging : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void desktopFileValidates()
    {
        const QString tool = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        if (tool.isEmpty())
            QSKIP("desktop-file-validate is not installed (scripts/setup.sh installs desktop-file-utils)");
        const Run r = run(tool, {packagingFile(kId + QStringLiteral(".desktop"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        QVERIFY2(!r.output.contains(QStringLiteral("error")) && !r.output.contains(QStringLiteral("warning")),
            qPrintable(r.output));
    }

    void metainfoValidates()
    {
        const QString tool = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
        if (tool.isEmpty())
            QSKIP("appstreamcli is not installed (scripts/setup.sh installs appstream)");
        const Run r = run(tool,
            {QStringLiteral("validate"), QStringLiteral("--no-net"),
                packagingFile(kId + QStringLiteral(".metainfo.xml"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    }

    void oneIdEverywhere()
    {
        QFile desktop(packagingFile(kId + QStringLiteral(".desktop")));
        QVERIFY(desktop.open(QIODevice::ReadOnly));
        const QString entry = QString::fromUtf8(desktop.readAll());
        QVERIFY(entry.contains(QStringLiteral("\nIcon=") + kId + QLatin1Char('\n')));
        QVERIFY(entry.contains(QStringLiteral("\nExec=cnn-workbench")));
        QFile metainfo(packagingFile(kId + QStringLiteral(".metainfo.xml")));
        QVERIFY(metainfo.open(QIODevice::ReadOnly));
        const QString xml = QString::fromUtf8(metainfo.readAll());
        QVERIFY(xml.contains(QStringLiteral("<id>") + kId + QStringLiteral("</id>")));
        QVERIFY(xml.contains(QStringLiteral("<launchable type=\"desktop-id\">") + kId + QStringLiteral(".desktop<")));
    }

    void installLaysOutEverything()
    {
        QTemporaryDir prefix;
        QVERIFY(prefix.isValid());
        const Run install = run(QStringLiteral(CNNWB_CMAKE_COMMAND),
            {QStringLiteral("--install"), QStringLiteral(CNNWB_BINARY_DIR), QStringLiteral("--prefix"), prefix.path()});
        QVERIFY2(install.exitCode == 0, qPrintable(install.output));
        const QDir root(prefix.path());
        const QStringList expected = {QStringLiteral("bin/cnn-workbench"), QStringLiteral("bin/cnnwb"),
            QStringLiteral("share/applications/") + kId + QStringLiteral(".desktop"),
            QStringLiteral("share/metainfo/") + kId + QStringLiteral(".metainfo.xml"),
            QStringLiteral("share/icons/hicolor/scalable/apps/") + kId + QStringLiteral(".svg"),
            QStringLiteral("share/cnn-workbench/presets/resnet_small.json")};
        for (const QString& file : expected)
            QVERIFY2(QFileInfo::exists(root.filePath(file)), qPrintable(file));
        for (const int size : {16, 32, 48, 64, 128, 256, 512}) {
            const QImage icon(
                root.filePath(QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kId)));
            QCOMPARE(icon.size(), QSize(size, size));
            QVERIFY(icon.pixelColor(size / 2, size / 2).alpha() > 0); // drawn, not empty
        }
        // The installed programs find their libraries and report what they loaded.
        const Run cli = run(root.filePath(QStringLiteral("bin/cnnwb")), {QStringLiteral("--version")});
        QVERIFY2(cli.exitCode == 0 && cli.output.contains(QStringLiteral("LibTorch")), qPrintable(cli.output));
        const Run gui = run(root.filePath(QStringLiteral("bin/cnn-workbench")), {QStringLiteral("--version")});
        QVERIFY2(gui.exitCode == 0 && gui.output.contains(QStringLiteral("Qt "))
                && gui.output.contains(QStringLiteral("OpenCV")),
            qPrintable(gui.output));
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "test_packaging.moc"
