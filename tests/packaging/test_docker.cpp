// docker/: the Dockerfiles pass hadolint, the scripts shellcheck, and run-gui.sh, run against stub
// `docker` and `podman` commands that record their arguments, asks for the chosen GPUs (Docker's --gpus,
// Podman's CDI devices), never runs the container as root, mounts the work, data and settings folders,
// hands over a cookie file for this display only (never `xhost +`), and uses the host network for ssh -X
// displays. docker/smoke-test.sh builds and runs the real images (too long for this suite).
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

const QString kCookie = QStringLiteral("0123456789abcdef0123456789abcdef");

struct Run {
    int exitCode = -1;
    QString output;
    QStringList dockerArgs;
    bool xhostCalled = false;
};

} // namespace

class TestDocker : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_stubs;

    Run runScript(const QString& display, const QStringList& args, const QString& engine = QStringLiteral("docker"),
        const QString& cdiDirs = QString())
    {
        const QString log = m_tmp.filePath(engine + QStringLiteral("-args"));
        QFile::remove(log);
        QFile::remove(m_tmp.filePath(QStringLiteral("xhost-called")));
        QProcess script;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), m_stubs + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("HOME"), m_tmp.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_tmp.filePath(QStringLiteral("runtime")));
        env.insert(QStringLiteral("DISPLAY"), display);
        env.insert(QStringLiteral("STUB_DIR"), m_tmp.path());
        env.insert(QStringLiteral("CNNWB_CDI_SPEC_DIRS"),
            cdiDirs.isEmpty() ? m_tmp.filePath(QStringLiteral("no-cdi")) : cdiDirs);
        env.remove(QStringLiteral("CNNWB_CONTAINER_ENGINE"));
        script.setProcessEnvironment(env);
        script.setProcessChannelMode(QProcess::MergedChannels);
        script.start(QStringLiteral("bash"), QStringList{QStringLiteral(CNNWB_SOURCE_DIR "/docker/run-gui.sh")} + args);
        script.waitForFinished(60000);
        Run r;
        r.exitCode = script.exitCode();
        r.output = QString::fromUtf8(script.readAll());
        QFile file(log);
        if (file.open(QIODevice::ReadOnly))
            r.dockerArgs = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        r.xhostCalled = QFileInfo::exists(m_tmp.filePath(QStringLiteral("xhost-called")));
        return r;
    }

    static bool hasPair(const QStringList& args, const QString& flag, const QString& value)
    {
        for (qsizetype i = 0; i + 1 < args.size(); ++i)
            if (args[i] == flag && args[i + 1] == value)
                return true;
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("xauth")).isEmpty())
            QSKIP("xauth is not installed (scripts/setup.sh installs it)");
        m_stubs = m_tmp.filePath(QStringLiteral("stubs"));
        QDir().mkpath(m_stubs);
        const auto writeStub = [&](const QString& name, const QByteArray& body) {
            QFile stub(m_stubs + QLatin1Char('/') + name);
            QVERIFY(stub.open(QIODevice::WriteOnly));
            stub.write("#!/bin/sh\n" + body);
            stub.close();
            stub.setPermissions(stub.permissions() | QFile::ExeOwner);
        };
        for (const QString& engine : {QStringLiteral("docker"), QStringLiteral("podman")})
            writeStub(
                engine, "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$STUB_DIR/$(basename \"$0\")-args\"\n");
        writeStub(QStringLiteral("xhost"), "touch \"$STUB_DIR/xhost-called\"\n");
        // This user's X authority: a cookie for the local display :0 and one for an ssh -X display.
        const QString home = m_tmp.filePath(QStringLiteral("home"));
        QDir().mkpath(home);
        for (const QString& display : {QStringLiteral(":0"), QStringLiteral("localhost:10")}) {
            QProcess xauth;
            xauth.start(QStringLiteral("xauth"),
                {QStringLiteral("-f"), home + QStringLiteral("/.Xauthority"), QStringLiteral("add"), display,
                    QStringLiteral("MIT-MAGIC-COOKIE-1"), kCookie});
            QVERIFY(xauth.waitForFinished(10000));
            QCOMPARE(xauth.exitCode(), 0);
        }
    }

    void localDisplayWithOneGpu()
    {
        const QString data = m_tmp.filePath(QStringLiteral("cifar"));
        QDir().mkpath(data);
        const Run r = runScript(QStringLiteral(":0"),
            {QStringLiteral("--gpus"), QStringLiteral("1"), QStringLiteral("--data"), data, QStringLiteral("--"),
                QStringLiteral("--train")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        const QStringList& a = r.dockerArgs;
        QVERIFY2(!a.isEmpty() && a.front() == QStringLiteral("run"), qPrintable(a.join(QLatin1Char(' '))));
        QVERIFY(hasPair(a, QStringLiteral("--gpus"), QStringLiteral("device=1")));
        QVERIFY(hasPair(a, QStringLiteral("-v"), QStringLiteral("/tmp/.X11-unix:/tmp/.X11-unix:ro")));
        QVERIFY(hasPair(a, QStringLiteral("-e"), QStringLiteral("DISPLAY=:0")));
        QVERIFY(hasPair(a, QStringLiteral("-e"), QStringLiteral("XAUTHORITY=/tmp/.docker.xauth")));
        QVERIFY(hasPair(a, QStringLiteral("-e"), QStringLiteral("QT_XCB_NO_MITSHM=1")));
        const QString cookieFile = m_tmp.filePath(QStringLiteral("runtime/cnn-workbench-%1/xauthority")).arg(getuid());
        QVERIFY(hasPair(a, QStringLiteral("-v"), cookieFile + QStringLiteral(":/tmp/.docker.xauth:ro")));
        QVERIFY(hasPair(a, QStringLiteral("-v"),
            m_tmp.filePath(QStringLiteral("home/cnn-workbench"))
                + QStringLiteral(":/home/student/.local/share/cnn-workbench")));
        QVERIFY(
            hasPair(a, QStringLiteral("-v"), data + QStringLiteral(":/home/student/.local/share/cnn-workbench/data")));
        QVERIFY(hasPair(a, QStringLiteral("-v"),
            m_tmp.filePath(QStringLiteral("home/.config/cnn-workbench-docker"))
                + QStringLiteral(":/home/student/.config")));
        QCOMPARE(a.mid(a.size() - 2), (QStringList{QStringLiteral("cnn-workbench:gui"), QStringLiteral("--train")}));
        QVERIFY(!a.contains(QStringLiteral("--net=host")));
        QVERIFY(!r.xhostCalled);
        QVERIFY(!a.join(QLatin1Char(' ')).contains(QStringLiteral("xhost")));

        // The cookie file: this display's cookie, any host name, readable by this user only.
        QCOMPARE(QFileInfo(cookieFile).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        QProcess list;
        list.start(QStringLiteral("xauth"), {QStringLiteral("-f"), cookieFile, QStringLiteral("nlist")});
        QVERIFY(list.waitForFinished(10000));
        const QString entries = QString::fromUtf8(list.readAll()).trimmed();
        QVERIFY2(entries.startsWith(QStringLiteral("ffff")) && entries.endsWith(kCookie), qPrintable(entries));
        QCOMPARE(entries.count(QLatin1Char('\n')), 0); // only the display asked for
    }

    void sshForwardedDisplayUsesTheHostNetwork()
    {
        const Run r = runScript(QStringLiteral("localhost:10.0"), {QStringLiteral("--gpus"), QStringLiteral("none")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        QVERIFY(r.dockerArgs.contains(QStringLiteral("--net=host")));
        QVERIFY(!r.dockerArgs.contains(QStringLiteral("--gpus")));
        QVERIFY(!r.dockerArgs.contains(QStringLiteral("/tmp/.X11-unix:/tmp/.X11-unix:ro")));
        QVERIFY(hasPair(r.dockerArgs, QStringLiteral("-e"), QStringLiteral("DISPLAY=localhost:10.0")));
        QVERIFY(!r.xhostCalled);
    }

    void neverRunsAsRoot()
    {
        const Run r = runScript(QStringLiteral(":0"), {QStringLiteral("--gpus"), QStringLiteral("none")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        // As root on the host: the image's own user, who must then be able to read the cookie file.
        const QString user
            = getuid() == 0 ? QStringLiteral("1000:1000") : QStringLiteral("%1:%2").arg(getuid()).arg(getgid());
        QVERIFY2(
            hasPair(r.dockerArgs, QStringLiteral("--user"), user), qPrintable(r.dockerArgs.join(QLatin1Char(' '))));
        if (getuid() == 0) {
            const QString cookieFile = m_tmp.filePath(QStringLiteral("runtime/cnn-workbench-0/xauthority"));
            QCOMPARE(QFileInfo(cookieFile).ownerId(), 1000U);
        }
    }

    void podmanTakesGpusAsCdiDevices()
    {
        const QString cdi = m_tmp.filePath(QStringLiteral("cdi"));
        QDir().mkpath(cdi);
        QFile spec(cdi + QStringLiteral("/nvidia.yaml"));
        QVERIFY(spec.open(QIODevice::WriteOnly));
        spec.write("cdiVersion: 0.5.0\nkind: nvidia.com/gpu\n");
        spec.close();
        const Run r = runScript(QStringLiteral(":0"),
            {QStringLiteral("--engine"), QStringLiteral("podman"), QStringLiteral("--gpus"), QStringLiteral("0,1")},
            QStringLiteral("podman"), cdi);
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        const QStringList& a = r.dockerArgs;
        QVERIFY(hasPair(a, QStringLiteral("--device"), QStringLiteral("nvidia.com/gpu=0")));
        QVERIFY(hasPair(a, QStringLiteral("--device"), QStringLiteral("nvidia.com/gpu=1")));
        QVERIFY(!a.contains(QStringLiteral("--gpus")));
        QVERIFY(hasPair(a, QStringLiteral("--user"), QStringLiteral("1000:1000")));
        if (getuid() != 0) // rootless Podman: this user becomes the image's user, files stay theirs
            QVERIFY(hasPair(a, QStringLiteral("--userns"), QStringLiteral("keep-id:uid=1000,gid=1000")));
        QVERIFY(hasPair(a, QStringLiteral("-v"), QStringLiteral("/tmp/.X11-unix:/tmp/.X11-unix:ro")));

        // Without the toolkit's CDI spec it says what to run, rather than starting without the GPUs.
        const Run missing = runScript(QStringLiteral(":0"),
            {QStringLiteral("--engine"), QStringLiteral("podman"), QStringLiteral("--gpus"), QStringLiteral("all")},
            QStringLiteral("podman"));
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.output.contains(QStringLiteral("nvidia-ctk cdi generate")), qPrintable(missing.output));
        QVERIFY(missing.dockerArgs.isEmpty());
    }

    void gpusFollowTheMachineByDefault()
    {
        qputenv("CNNWB_CONTAINER_OPTIONS", "--runtime runc");
        const Run r = runScript(QStringLiteral(":0"), {});
        qunsetenv("CNNWB_CONTAINER_OPTIONS");
        QVERIFY2(r.exitCode == 0, qPrintable(r.output));
        const bool machineHasGpu = QFileInfo::exists(QStringLiteral("/dev/nvidiactl"));
        QCOMPARE(hasPair(r.dockerArgs, QStringLiteral("--gpus"), QStringLiteral("all")), machineHasGpu);
        QCOMPARE(r.dockerArgs.contains(QStringLiteral("--gpus")), machineHasGpu);
        QVERIFY(hasPair(r.dockerArgs, QStringLiteral("--runtime"), QStringLiteral("runc")));
    }

    void refusesWhatItCannotDo()
    {
        Run r = runScript(QString(), {});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.output.contains(QStringLiteral("DISPLAY is not set")), qPrintable(r.output));
        r = runScript(QStringLiteral(":0"), {QStringLiteral("--gpus"), QStringLiteral("first")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.dockerArgs.isEmpty());
    }

    void dockerfilesPassHadolint()
    {
        QString hadolint = QStringLiteral(CNNWB_VENV_DIR "/bin/hadolint");
        if (!QFileInfo::exists(hadolint))
            hadolint = QStandardPaths::findExecutable(QStringLiteral("hadolint"));
        if (hadolint.isEmpty())
            QSKIP("hadolint is not installed (scripts/setup.sh puts it into the venv)");
        for (const char* file : {"Dockerfile", "standin-base.Dockerfile"}) {
            QProcess lint;
            lint.setProcessChannelMode(QProcess::MergedChannels);
            lint.start(hadolint,
                {QStringLiteral("--config"), QStringLiteral(CNNWB_SOURCE_DIR "/docker/.hadolint.yaml"),
                    QStringLiteral(CNNWB_SOURCE_DIR "/docker/") + QLatin1String(file)});
            QVERIFY(lint.waitForFinished(60000));
            QVERIFY2(lint.exitCode() == 0, lint.readAll().constData());
        }
    }

    void scriptsPassShellcheck()
    {
        const QString shellcheck = QStandardPaths::findExecutable(QStringLiteral("shellcheck"));
        if (shellcheck.isEmpty())
            QSKIP("shellcheck is not installed (scripts/setup.sh installs it)");
        QStringList scripts;
        for (const QString& name : QDir(QStringLiteral(CNNWB_SOURCE_DIR "/docker")).entryList({QStringLiteral("*.sh")}))
            scripts << QStringLiteral(CNNWB_SOURCE_DIR "/docker/") + name;
        QVERIFY(scripts.size() >= 3);
        QProcess check;
        check.setProcessChannelMode(QProcess::MergedChannels);
        check.start(shellcheck, QStringList{QStringLiteral("-x")} + scripts); // -x: follow what they source
        QVERIFY(check.waitForFinished(60000));
        QVERIFY2(check.exitCode() == 0, check.readAll().constData());
    }
};

QTEST_GUILESS_MAIN(TestDocker)
#include "test_docker.moc"
