// docker/: the Dockerfile passes hadolint, and run-gui.sh, run against a stub `docker` that records
// its arguments, asks for the chosen GPUs, mounts the work, data and settings folders, hands over a
// cookie file for this display only (never `xhost +`), and uses the host network for ssh -X displays.
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

    Run runScript(const QString& display, const QStringList& args)
    {
        const QString log = m_tmp.filePath(QStringLiteral("docker-args"));
        QFile::remove(log);
        QFile::remove(m_tmp.filePath(QStringLiteral("xhost-called")));
        QProcess script;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), m_stubs + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("HOME"), m_tmp.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_tmp.filePath(QStringLiteral("runtime")));
        env.insert(QStringLiteral("DISPLAY"), display);
        env.insert(QStringLiteral("STUB_DIR"), m_tmp.path());
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
        writeStub(
            QStringLiteral("docker"), "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$STUB_DIR/docker-args\"\n");
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

    void refusesWhatItCannotDo()
    {
        Run r = runScript(QString(), {});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.output.contains(QStringLiteral("DISPLAY is not set")), qPrintable(r.output));
        r = runScript(QStringLiteral(":0"), {QStringLiteral("--gpus"), QStringLiteral("first")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.dockerArgs.isEmpty());
    }

    void dockerfilePassesHadolint()
    {
        QString hadolint = QStringLiteral(CNNWB_VENV_DIR "/bin/hadolint");
        if (!QFileInfo::exists(hadolint))
            hadolint = QStandardPaths::findExecutable(QStringLiteral("hadolint"));
        if (hadolint.isEmpty())
            QSKIP("hadolint is not installed (scripts/setup.sh puts it into the venv)");
        QProcess lint;
        lint.setProcessChannelMode(QProcess::MergedChannels);
        lint.start(hadolint,
            {QStringLiteral("--config"), QStringLiteral(CNNWB_SOURCE_DIR "/docker/.hadolint.yaml"),
                QStringLiteral(CNNWB_SOURCE_DIR "/docker/Dockerfile")});
        QVERIFY(lint.waitForFinished(60000));
        QVERIFY2(lint.exitCode() == 0, lint.readAll().constData());
    }
};

QTEST_GUILESS_MAIN(TestDocker)
#include "test_docker.moc"
