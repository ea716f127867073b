// Desktop packaging: the .desktop file and AppStream metainfo pass their validators and share one
// reverse-DNS id with the icon; `cmake --install` lays out programs, desktop entry, icons (SVG and
// rendered PNG sizes), metainfo and presets, and the installed programs run and report versions.
// The launcher in front of them finds LibTorch as packaging/README.md says: a setting is obeyed or
// reported, a wrong version or a CPU-only build is refused, and the refusal is one line and exit 2.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

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

Run run(const QString& program, const QStringList& arguments, const QStringList& env = {}, int timeoutMs = 300000)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& e : env)
        environment.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs))
        return {};
    return {
        process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, QString::fromUtf8(process.readAll())};
}

const QString kTorchVersion = QStringLiteral(CNNWB_TORCH_VERSION);

// A folder that looks like a pip wheel's torch/ of the given version, with the given libraries.
void fakeTorch(const QString& torch, const QString& version, const QStringList& libraries)
{
    QVERIFY(QDir().mkpath(torch + QStringLiteral("/lib")));
    for (const QString& library : libraries) {
        QFile file(torch + QStringLiteral("/lib/") + library);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QFile version_py(torch + QStringLiteral("/version.py"));
    QVERIFY(version_py.open(QIODevice::WriteOnly));
    version_py.write("__version__ = '" + version.toUtf8() + "'\n");
}

// The launcher's refusal: exit status 2 and exactly one line, naming the version and how to install it.
void expectRefusal(const Run& r, const QString& program, const QString& reason)
{
    QVERIFY2(r.exitCode == 2, qPrintable(r.output));
    const QStringList lines = r.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 1, qPrintable(r.output));
    QVERIFY2(
        lines.first().startsWith(program + QStringLiteral(" needs PyTorch ") + kTorchVersion), qPrintable(r.output));
    QVERIFY2(lines.first().contains(QStringLiteral("pip install torch==") + kTorchVersion), qPrintable(r.output));
    QVERIFY2(lines.first().contains(reason), qPrintable(r.output));
}

// What a symbolic link says, unresolved (QFileInfo::readSymLink needs Qt 6.6).
QString linkText(const QString& path)
{
    char buffer[4096];
    const ssize_t size = ::readlink(QFile::encodeName(path).constData(), buffer, sizeof buffer);
    return size < 0 ? QString() : QFile::decodeName(QByteArray(buffer, static_cast<int>(size)));
}

} // namespace

class TestPackaging : public QObject {
    Q_OBJECT

    QTemporaryDir m_prefix;

    QString installed(const QString& path) const { return m_prefix.filePath(path); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_prefix.isValid());
        const Run install = run(QStringLiteral(CNNWB_CMAKE_COMMAND),
            {QStringLiteral("--install"), QStringLiteral(CNNWB_BINARY_DIR), QStringLiteral("--prefix"),
                m_prefix.path()});
        QVERIFY2(install.exitCode == 0, qPrintable(install.output));
    }

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
        const QDir root(m_prefix.path());
        const QStringList expected = {QStringLiteral("lib/cnn-workbench/launcher"),
            QStringLiteral("lib/cnn-workbench/bin/cnnwb"), QStringLiteral("lib/cnn-workbench/bin/cnn-workbench"),
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
    }

    // What is on PATH is the launcher, by a relative link (the package can be unpacked anywhere); the
    // programs themselves carry no path of the build machine's LibTorch.
    void programsAreReachedThroughTheLauncher()
    {
        for (const QString& program : {QStringLiteral("cnnwb"), QStringLiteral("cnn-workbench")}) {
            const QString link = installed(QStringLiteral("bin/") + program);
            QCOMPARE(linkText(link), QStringLiteral("../lib/cnn-workbench/launcher"));
            QFile binary(installed(QStringLiteral("lib/cnn-workbench/bin/") + program));
            QVERIFY(binary.open(QIODevice::ReadOnly));
            QVERIFY2(!binary.readAll().contains(QByteArray(CNNWB_TORCH_LIB_DIR)), "the program carries a RUNPATH");
        }
    }

    // With nothing set, the build's own LibTorch (or the project's venv) serves this machine.
    void installedProgramsRunAndReportVersions()
    {
        const Run cli = run(installed(QStringLiteral("bin/cnnwb")), {QStringLiteral("--version")});
        QVERIFY2(cli.exitCode == 0 && cli.output.contains(QStringLiteral("LibTorch ") + kTorchVersion),
            qPrintable(cli.output));
        const Run gui = run(installed(QStringLiteral("bin/cnn-workbench")), {QStringLiteral("--version")});
        QVERIFY2(gui.exitCode == 0 && gui.output.contains(QStringLiteral("Qt "))
                && gui.output.contains(QStringLiteral("OpenCV")),
            qPrintable(gui.output));
    }

    void theSettingNamesWhichLibTorch()
    {
        const QString torch = QFileInfo(QStringLiteral(CNNWB_TORCH_LIB_DIR)).path();
        const Run r = run(installed(QStringLiteral("bin/cnnwb")), {QStringLiteral("--version")},
            {QStringLiteral("CNNWB_LIBTORCH=") + torch, QStringLiteral("CNNWB_VENV=/nonexistent")});
        QVERIFY2(
            r.exitCode == 0 && r.output.contains(QStringLiteral("LibTorch ") + kTorchVersion), qPrintable(r.output));
        const QString loaded = QFileInfo(QStringLiteral(CNNWB_TORCH_LIB_DIR)).canonicalFilePath();
        QVERIFY2(r.output.contains(QStringLiteral("LibTorch loaded from ") + loaded), qPrintable(r.output));
    }

    void aMissingSettingIsReportedNotPassedOver()
    {
        const Run r = run(installed(QStringLiteral("bin/cnnwb")), {QStringLiteral("--version")},
            {QStringLiteral("CNNWB_LIBTORCH=/nonexistent/torch")});
        expectRefusal(r, QStringLiteral("cnnwb"), QStringLiteral("/nonexistent/torch does not exist"));
    }

    void anotherVersionIsRefused()
    {
        QTemporaryDir dir;
        const QString torch = dir.filePath(QStringLiteral("torch"));
        fakeTorch(torch, QStringLiteral("2.8.0+cu128"),
            {QStringLiteral("libtorch_cpu.so"), QStringLiteral("libtorch_cuda.so")});
        const Run r = run(installed(QStringLiteral("bin/cnn-workbench")), {QStringLiteral("--version")},
            {QStringLiteral("CNNWB_LIBTORCH=") + torch});
        expectRefusal(r, QStringLiteral("cnn-workbench"), torch + QStringLiteral(" is PyTorch 2.8.0"));
    }

    void theUsersSettingFileIsRead()
    {
        QTemporaryDir config;
        const QString torch = config.filePath(QStringLiteral("elsewhere/torch"));
        fakeTorch(torch, QStringLiteral("2.1.0"), {QStringLiteral("libtorch_cpu.so")});
        QVERIFY(QDir().mkpath(config.filePath(QStringLiteral("cnn-workbench"))));
        QFile setting(config.filePath(QStringLiteral("cnn-workbench/libtorch")));
        QVERIFY(setting.open(QIODevice::WriteOnly));
        setting.write("  " + torch.toUtf8() + "  \n# the rest is not read\n");
        setting.close();
        const Run r = run(installed(QStringLiteral("bin/cnnwb")), {QStringLiteral("--version")},
            {QStringLiteral("XDG_CONFIG_HOME=") + config.path(), QStringLiteral("CNNWB_LIBTORCH=")});
        expectRefusal(r, QStringLiteral("cnnwb"), torch + QStringLiteral(" is PyTorch 2.1.0"));
    }

    void aCpuOnlyBuildCannotServeACudaBuild()
    {
        if (QStringLiteral(CNNWB_TORCH_CUDA_VERSION).isEmpty())
            QSKIP("built against a CPU-only LibTorch: any build of the version serves");
        QTemporaryDir dir;
        const QString torch = dir.filePath(QStringLiteral("torch"));
        fakeTorch(torch, kTorchVersion + QStringLiteral("+cpu"), {QStringLiteral("libtorch_cpu.so")});
        const Run r = run(installed(QStringLiteral("bin/cnnwb")), {QStringLiteral("--version")},
            {QStringLiteral("CNNWB_LIBTORCH=") + torch});
        expectRefusal(r, QStringLiteral("cnnwb"), torch + QStringLiteral(" is a CPU-only build"));
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "test_packaging.moc"
