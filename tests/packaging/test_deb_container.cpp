// The Debian package on a machine that is not the one it was built on: a fresh Debian 12 container
// (debootstrap, imported into Podman), `apt-get install ./cnn-workbench_*.deb` from Debian's archive and
// nothing else, then as an ordinary user: without PyTorch the programs say in one line what to install
// and exit 2; with the documented prerequisite (PyTorch of the pinned version, here the build's own
// site-packages mounted read-only, found through python3 or CNNWB_LIBTORCH) `cnnwb --version` names
// LibTorch, `cnnwb train` runs an epoch and `cnn-workbench` opens its window on the host's Xvfb
// (screenshot in build/<preset>/test-output/). Purging the package leaves none of its files.
// Skips where Podman or debootstrap is missing (scripts/setup.sh installs both).
#include "support/fixtures.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/resource.h>
#include <unistd.h>

namespace {

const QString kImage = QStringLiteral("localhost/cnnwb-debian12:bookworm");
const QString kTorchVersion = QStringLiteral(CNNWB_TORCH_VERSION);

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& arguments, int timeoutMs = 600000)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-3, QString::fromUtf8(process.readAllStandardOutput()),
            QStringLiteral("timed out: ") + program + QLatin1Char(' ') + arguments.join(QLatin1Char(' '))};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QString describe(const Run& r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3").arg(r.exitCode).arg(r.out, r.err);
}

QString cacheDir()
{
    const QByteArray xdg = qgetenv("XDG_CACHE_HOME");
    return (xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.cache") : QString::fromLocal8Bit(xdg))
        + QStringLiteral("/cnnwb/containers");
}

// Where the build's LibTorch sits, as the container sees it: a pip wheel's whole site-packages
// (libtorch_cuda finds the CUDA libraries beside it), or a LibTorch archive's folder.
struct TorchMount {
    QString hostPath;
    QString containerPath;
    QString torchFolder; // what CNNWB_LIBTORCH names inside
    QString pythonPath;  // for python3 to find `torch`; empty for an archive
};

TorchMount torchMount()
{
    const QDir lib(QStringLiteral(CNNWB_TORCH_LIB_DIR));
    const QString torchRoot = QFileInfo(lib.absolutePath()).path();
    if (QFileInfo::exists(torchRoot + QStringLiteral("/version.py"))) {
        const QString site = QFileInfo(torchRoot).path();
        const QString inside = QStringLiteral("/opt/pytorch/site-packages");
        return {site, inside, inside + QStringLiteral("/torch"), inside};
    }
    return {torchRoot, QStringLiteral("/opt/libtorch"), QStringLiteral("/opt/libtorch"), {}};
}

} // namespace

class TestDebContainer : public QObject {
    Q_OBJECT

public:
    TestDebContainer()
        : m_name(QStringLiteral("cnnwb-deb-test-%1").arg(getpid()))
    {
    }

private:
    QString m_podman;
    QStringList m_runtime; // podman options that start a container on this machine
    QString m_name;
    QTemporaryDir m_work;
    QString m_package;
    QString m_display;
    QProcess m_xvfb;
    TorchMount m_torch;

    // A command inside the container, as the ordinary user unless told otherwise.
    Run inside(const QString& script, const QStringList& env = {}, bool asRoot = false, int timeoutMs = 600000)
    {
        QStringList arguments{QStringLiteral("exec")};
        if (!asRoot)
            arguments << QStringLiteral("--user") << QStringLiteral("student") << QStringLiteral("--workdir")
                      << QStringLiteral("/home/student");
        for (const QString& e : env)
            arguments << QStringLiteral("--env") << e;
        arguments << m_name << QStringLiteral("sh") << QStringLiteral("-c") << script;
        return run(m_podman, arguments, timeoutMs);
    }

    QStringList withTorchFromPython() const { return {QStringLiteral("PYTHONPATH=") + m_torch.pythonPath}; }

    QStringList withTorchSetting() const { return {QStringLiteral("CNNWB_LIBTORCH=") + m_torch.torchFolder}; }

    // Podman's defaults first; then runc; then runc without the NPROC limit (see docker/runc-without-nproc.sh).
    bool chooseRuntime()
    {
        rlimit files{};
        getrlimit(RLIMIT_NOFILE, &files);
        const QString nofile = QStringLiteral("nofile=%1:%1").arg(files.rlim_max);
        const QList<QStringList> candidates{{},
            {QStringLiteral("--runtime"), QStringLiteral("runc"), QStringLiteral("--ulimit"), nofile},
            {QStringLiteral("--runtime"), QStringLiteral(CNNWB_SOURCE_DIR "/docker/runc-without-nproc.sh"),
                QStringLiteral("--ulimit"), nofile}};
        for (const QStringList& options : candidates) {
            const Run probe = run(m_podman,
                QStringList{
                    QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--network"), QStringLiteral("host")}
                    + options + QStringList{kImage, QStringLiteral("true")},
                120000);
            if (probe.exitCode == 0) {
                m_runtime = options;
                return true;
            }
            qInfo("podman %s: %s", qPrintable(options.join(QLatin1Char(' '))), qPrintable(probe.err.trimmed()));
        }
        return false;
    }

    // The base image: Debian 12 as debootstrap makes it, kept in Podman's store between runs.
    void ensureBaseImage()
    {
        if (run(m_podman, {QStringLiteral("image"), QStringLiteral("exists"), kImage}).exitCode == 0)
            return;
        const QString rootfs = m_work.filePath(QStringLiteral("rootfs"));
        const Run strap = run(QStringLiteral("debootstrap"),
            {QStringLiteral("--variant=minbase"), QStringLiteral("bookworm"), rootfs,
                QStringLiteral("http://deb.debian.org/debian")},
            1200000);
        QVERIFY2(strap.exitCode == 0, qPrintable(describe(strap)));
        const Run import = run(QStringLiteral("sh"),
            {QStringLiteral("-c"),
                QStringLiteral("tar -C '%1' -c . | '%2' import - %3").arg(rootfs, m_podman, kImage)});
        QVERIFY2(import.exitCode == 0, qPrintable(describe(import)));
        run(QStringLiteral("rm"), {QStringLiteral("-rf"), rootfs});
    }

    void buildPackage()
    {
        const QString out = m_work.filePath(QStringLiteral("package"));
        const Run cpack = run(QStringLiteral(CNNWB_CPACK_COMMAND),
            {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), out, QStringLiteral("--config"),
                QStringLiteral(CNNWB_BINARY_DIR "/CPackConfig.cmake")});
        QVERIFY2(cpack.exitCode == 0, qPrintable(describe(cpack)));
        const QStringList debs = QDir(out).entryList({QStringLiteral("cnn-workbench_*.deb")}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        m_package = debs.first();
    }

    void startXvfb()
    {
        for (int n = 140; n < 180; ++n) {
            if (QFileInfo::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n)))
                continue;
            m_display = QStringLiteral(":%1").arg(n);
            m_xvfb.start(QStringLiteral("Xvfb"),
                {m_display, QStringLiteral("-screen"), QStringLiteral("0"), QStringLiteral("1280x800x24"),
                    QStringLiteral("-nolisten"), QStringLiteral("tcp")});
            for (int i = 0; i < 100 && !QFileInfo::exists(socketPath()); ++i)
                QThread::msleep(100);
            QVERIFY2(QFileInfo::exists(socketPath()), "Xvfb did not start");
            return;
        }
        QFAIL("no free X display number");
    }

    QString socketPath() const { return QStringLiteral("/tmp/.X11-unix/X") + m_display.mid(1); }

    void startContainer()
    {
        QDir().mkpath(cacheDir() + QStringLiteral("/apt-archives/partial"));
        QStringList arguments{QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--name"), m_name,
            QStringLiteral("--network"), QStringLiteral("host")};
        arguments << m_runtime;
        arguments << QStringLiteral("-v") << m_work.filePath(QStringLiteral("package")) + QStringLiteral(":/deb:ro")
                  << QStringLiteral("-v") << m_work.filePath(QStringLiteral("data")) + QStringLiteral(":/data:ro")
                  << QStringLiteral("-v")
                  << m_torch.hostPath + QLatin1Char(':') + m_torch.containerPath + QStringLiteral(":ro")
                  << QStringLiteral("-v") << socketPath() + QLatin1Char(':') + socketPath() << QStringLiteral("-v")
                  << cacheDir() + QStringLiteral("/apt-archives:/var/cache/apt/archives") // downloads kept
                  << kImage << QStringLiteral("sleep") << QStringLiteral("infinity");
        const Run started = run(m_podman, arguments);
        QVERIFY2(started.exitCode == 0, qPrintable(describe(started)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_podman = QStandardPaths::findExecutable(QStringLiteral("podman"));
        if (m_podman.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("debootstrap")).isEmpty())
            QSKIP("podman or debootstrap is not installed (scripts/setup.sh installs both)");
        if (geteuid() != 0)
            QSKIP("this test makes its Debian image with debootstrap, which needs root");
        QVERIFY(m_work.isValid());
        m_torch = torchMount();
        ensureBaseImage();
        QVERIFY2(chooseRuntime(), "podman cannot start a container on this machine (see the messages above)");
        buildPackage();
        cnnwb::test::writeImageFolder(
            m_work.filePath(QStringLiteral("data")).toStdString(), {"circle", "square", "stripe"}, 24, 8, 32);
        startXvfb();
        startContainer();
        // Only Debian's archive and the package: apt-get resolves everything the package declares.
        const Run install = inside(QStringLiteral("rm -f /etc/apt/apt.conf.d/docker-clean; apt-get update -qq "
                                                  "&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /deb/")
                + m_package + QStringLiteral(" && useradd --create-home student"),
            {}, true, 1200000);
        QVERIFY2(install.exitCode == 0, qPrintable(describe(install)));
    }

    void cleanupTestCase()
    {
        if (!m_podman.isEmpty())
            run(m_podman,
                {QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("-t"), QStringLiteral("1"), m_name});
        if (m_xvfb.state() != QProcess::NotRunning) {
            m_xvfb.terminate();
            m_xvfb.waitForFinished(5000);
        }
    }

    void programsCarryNoBuildMachinePath()
    {
        const Run runpath = inside(QStringLiteral("for p in /usr/lib/cnn-workbench/bin/*; do "
                                                  "grep -c -a -F '%1' \"$p\" || true; done")
                                       .arg(QStringLiteral(CNNWB_TORCH_LIB_DIR)));
        QCOMPARE(runpath.exitCode, 0);
        QCOMPARE(runpath.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts),
            (QStringList{QStringLiteral("0"), QStringLiteral("0")}));
    }

    void withoutLibTorchTheyTellWhatToInstall()
    {
        for (const QString& program : {QStringLiteral("cnnwb"), QStringLiteral("cnn-workbench")}) {
            const Run r = inside(program + QStringLiteral(" --version"));
            QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
            const QStringList lines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QVERIFY2(lines.size() == 1, qPrintable(describe(r)));
            QVERIFY2(lines.first().startsWith(program + QStringLiteral(" needs PyTorch ") + kTorchVersion),
                qPrintable(lines.first()));
            QVERIFY2(lines.first().contains(QStringLiteral("pip install torch==") + kTorchVersion),
                qPrintable(lines.first()));
        }
    }

    void aWrongSettingIsReportedNotPassedOver()
    {
        // A PyTorch of another version where the setting points, and the right one on python3's path.
        const Run fake = inside(QStringLiteral("mkdir -p fake/torch/lib && touch fake/torch/lib/libtorch_cpu.so "
                                               "&& echo \"__version__ = '2.8.0+cpu'\" > fake/torch/version.py"));
        QCOMPARE(fake.exitCode, 0);
        const Run wrong = inside(
            QStringLiteral("cnnwb --version"), withTorchFromPython() << QStringLiteral("CNNWB_LIBTORCH=fake/torch"));
        QVERIFY2(wrong.exitCode == 2 && wrong.err.contains(QStringLiteral("fake/torch is PyTorch 2.8.0")),
            qPrintable(describe(wrong)));
        const Run missing = inside(QStringLiteral("cnnwb --version"), {QStringLiteral("CNNWB_LIBTORCH=/opt/none")});
        QVERIFY2(missing.exitCode == 2 && missing.err.contains(QStringLiteral("/opt/none does not exist")),
            qPrintable(describe(missing)));
    }

    void findsThePyTorchOfPython()
    {
        if (m_torch.pythonPath.isEmpty())
            QSKIP("built against a LibTorch archive, not a Python torch");
        const Run r = inside(QStringLiteral("cnnwb --version"), withTorchFromPython());
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY2(r.out.contains(QStringLiteral("LibTorch ") + kTorchVersion), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("LibTorch loaded from ") + m_torch.torchFolder + QStringLiteral("/lib")),
            qPrintable(r.out));
    }

    void trainsAnEpoch()
    {
        const Run r = inside(QStringLiteral("cnnwb train --data /data --epochs 1 --device cpu --threads 2 "
                                            "--out runs/first && test -s runs/first/manifest.json"),
            withTorchSetting());
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY2(
            r.out.contains(QStringLiteral("epoch 1")) || r.out.contains(QStringLiteral("Epoch 1")), qPrintable(r.out));
    }

    void opensItsWindow()
    {
        const QStringList env = withTorchSetting()
            << QStringLiteral("DISPLAY=") + m_display << QStringLiteral("CNNWB_NO_TOUR=1");
        QStringList arguments{QStringLiteral("exec"), QStringLiteral("-d"), QStringLiteral("--user"),
            QStringLiteral("student"), QStringLiteral("--workdir"), QStringLiteral("/home/student")};
        for (const QString& e : env)
            arguments << QStringLiteral("--env") << e;
        arguments << m_name << QStringLiteral("cnn-workbench") << QStringLiteral("--data") << QStringLiteral("/data");
        QCOMPARE(run(m_podman, arguments).exitCode, 0);
        bool shown = false;
        for (int i = 0; i < 120 && !shown; ++i) {
            QThread::msleep(500);
            const Run tree = run(QStringLiteral("xwininfo"),
                {QStringLiteral("-display"), m_display, QStringLiteral("-root"), QStringLiteral("-tree")});
            shown = tree.out.contains(QStringLiteral("CNN Workbench"));
        }
        QVERIFY2(shown, "no CNN Workbench window appeared on the display within a minute");
        QThread::sleep(8); // let the first pages draw
        const QString shot = QStringLiteral(CNNWB_BINARY_DIR "/test-output/deb-container-window.png");
        QDir().mkpath(QFileInfo(shot).path());
        const Run grab = run(QStringLiteral("import"),
            {QStringLiteral("-display"), m_display, QStringLiteral("-window"), QStringLiteral("root"), shot});
        QVERIFY2(grab.exitCode == 0, qPrintable(describe(grab)));
        const QImage image(shot);
        QVERIFY(!image.isNull());
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, "the screen is nearly uniform: the window did not draw");
        qInfo("screenshot: %s", qPrintable(shot));
        // minbase has no procps: find the window's process by its command line.
        inside(QStringLiteral("for p in /proc/[0-9]*; do case \"$(tr '\\0' ' ' < $p/cmdline 2>/dev/null)\" in "
                              "/usr/lib/cnn-workbench/bin/cnn-workbench*) kill \"${p#/proc/}\";; esac; done; true"),
            {}, true);
    }

    void purgeLeavesNothing()
    {
        const Run purge = inside(QStringLiteral("dpkg -L cnn-workbench > /tmp/owned && "
                                                "DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq cnn-workbench && "
                                                "while read -r f; do if [ -L \"$f\" ] || [ -f \"$f\" ]; then "
                                                "echo \"left: $f\"; fi; done < /tmp/owned; "
                                                "for d in /usr/lib/cnn-workbench /usr/share/cnn-workbench "
                                                "/usr/share/doc/cnn-workbench /etc/cnn-workbench; do "
                                                "[ -e \"$d\" ] && echo \"left: $d\"; done; true"),
            {}, true);
        QVERIFY2(purge.exitCode == 0, qPrintable(describe(purge)));
        QVERIFY2(!purge.out.contains(QStringLiteral("left: ")), qPrintable(purge.out));
        QVERIFY(inside(QStringLiteral("command -v cnnwb || true")).out.trimmed().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDebContainer)
#include "test_deb_container.moc"
