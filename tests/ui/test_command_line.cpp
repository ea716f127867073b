// Train → Copy Training Command Line: every setting of the window's experiment survives window →
// command line → a shell → the real cnnwb, which prints the experiment it would train
// (--print-experiment) for comparison with the window's.

#include "support/experiment_fixtures.h"
#include "support/fixtures.h"

#include "ui/app/main_window.h"

#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/records/experiment.h"
#include "cnnwb/engine/records/train_flags.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cnnwb;
namespace fs = std::filesystem;

class TestCommandLine : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_data;

    static engine::DeviceInfo cpuOnly()
    {
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        return devices;
    }

    // The line as a shell runs it, with cnnwb swapped for the binary under test; returns the
    // experiment it prints as JSON.
    static std::string printedBy(const QString& line)
    {
        const QString program = QStringLiteral("cnnwb ");
        if (!line.startsWith(program))
            return "line does not start with cnnwb: " + line.toStdString();
        const QString command = QString::fromStdString(engine::shellQuote(CNNWB_CLI_PATH)) + QLatin1Char(' ')
            + line.mid(program.size()) + QStringLiteral(" --print-experiment");
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
        if (!shell.waitForFinished(60000) || shell.exitCode() != 0)
            return "cnnwb failed: " + shell.readAllStandardError().toStdString();
        return engine::experimentToJson(engine::experimentFromJson(shell.readAllStandardOutput().toStdString()));
    }

    // What the window holds, as File → Save writes it.
    [[nodiscard]] std::string windowsExperiment(ui::MainWindow& window) const
    {
        const QString file = QString::fromStdString((fs::path(m_tmp.path().toStdString()) / "window.json").string());
        if (!window.saveExperimentAs(file))
            return "not saved";
        return engine::experimentToJson(engine::loadExperiment(file.toStdString()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // A space and a quote in the path: the line must quote it for the shell.
        m_data = fs::path(m_tmp.path().toStdString()) / "my cifar's";
        test::writeCifar10(m_data, {.recordsPerTrainBatch = 4, .testRecords = 4, .classCount = 10});
    }

    void everySettingSurvivesTheCommandLine_data()
    {
        QTest::addColumn<int>("detail");
        QTest::addColumn<bool>("preset");
        QTest::newRow("ops at their defaults") << static_cast<int>(test::AugmentationDetail::Simple) << false;
        QTest::newRow("every op's settings") << static_cast<int>(test::AugmentationDetail::Detailed) << false;
        QTest::newRow("a preset, by name") << static_cast<int>(test::AugmentationDetail::Detailed) << true;
    }

    void everySettingSurvivesTheCommandLine()
    {
        QFETCH(int, detail);
        QFETCH(bool, preset);
        engine::Experiment experiment
            = test::everySettingChanged(m_data, static_cast<test::AugmentationDetail>(detail));
        if (preset) // LeNet-5 as the presets menu fits it to the data: the line names it
            experiment.model = engine::adaptToDataset(engine::builtInPresets().at(1).spec, {3, 32, 32}, 10);
        ui::MainWindow window(cpuOnly());
        window.cloneExperiment(experiment, QStringLiteral("run")); // unsaved: the line carries every setting
        const QString line = window.commandLine();
        QVERIFY2(!line.contains(QStringLiteral("--experiment")), qPrintable(line));
        QCOMPARE(line.contains(QStringLiteral("--model lenet5 ")), preset);
        const std::string printed = printedBy(line);
        const std::string held = windowsExperiment(window);
        QCOMPARE(printed, held);
        // And the window held what it was given: nothing was lost on the way in either.
        QCOMPARE(held, engine::experimentToJson(experiment));
    }

    void aSavedExperimentIsNamedByItsFile()
    {
        const engine::Experiment experiment = test::everySettingChanged(m_data, test::AugmentationDetail::Detailed);
        const fs::path file = fs::path(m_tmp.path().toStdString()) / "saved experiment.json";
        engine::saveExperiment(experiment, file);
        ui::MainWindow window(cpuOnly());
        QVERIFY(window.openExperiment(QString::fromStdString(file.string())));
        const QString line = window.commandLine();
        QCOMPARE(line,
            QStringLiteral("cnnwb train --experiment ") + QString::fromStdString(engine::shellQuote(file.string())));
        QCOMPARE(printedBy(line), engine::experimentToJson(engine::loadExperiment(file)));
    }
};

QTEST_MAIN(TestCommandLine)
#include "test_command_line.moc"
