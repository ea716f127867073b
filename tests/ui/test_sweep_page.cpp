// The Sweep page (issue 21), driven as a student would: define a 2 x 3 sweep in the editor, run it
// (two trials at once), and the table, the parallel-coordinates plot, the scatter, the learning
// curves and the importance show every trial; brushing an axis filters the table; the view settings
// and the sweep go into the experiment file; a trial opens as an experiment of its own.
#include "support/fixtures.h"

#include "ui/app/experiment_document.h"
#include "ui/app/main_window.h"
#include "ui/sweep/importance_view.h"
#include "ui/sweep/learning_curves_view.h"
#include "ui/sweep/parallel_coordinates_view.h"
#include "ui/sweep/sweep_bridge.h"
#include "ui/sweep/sweep_editor.h"
#include "ui/sweep/sweep_page.h"
#include "ui/sweep/sweep_scatter_view.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace cnnwb;

class TestSweepPage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;

    static void setRow(ui::SweepEditor* editor, int row, const QString& key, const QString& values)
    {
        QTableWidget* table = editor->parameterTable();
        auto* setting = qobject_cast<QComboBox*>(table->cellWidget(row, 0));
        const int at = setting->findData(key);
        QVERIFY2(at >= 0, qPrintable(key));
        setting->setCurrentIndex(at);
        auto* text = qobject_cast<QLineEdit*>(table->cellWidget(row, 2));
        text->clear();
        QTest::keyClicks(text, values);
    }

    // The table's values in a column, as shown.
    static QStringList shown(const QTableView* table, int column)
    {
        QStringList values;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            values.push_back(table->model()->index(r, column).data().toString());
        return values;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("xdg")).toUtf8());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
        // The trials are cnnwb processes: the test finds it on the PATH, as an installed window would.
        const QString bin = QFileInfo(QStringLiteral(CNNWB_CLI_PATH)).absolutePath();
        qputenv("PATH", (bin + QLatin1Char(':') + qEnvironmentVariable("PATH")).toUtf8());
        m_data = m_tmp.filePath(QStringLiteral("cifar"));
        test::writeCifar10(m_data.toStdString(), {.recordsPerTrainBatch = 24, .testRecords = 40, .classCount = 4});
    }

    void defineRunBrushAndOpen()
    {
        ui::MainWindow window(engine::DeviceInfo{});
        window.resize(1280, 720);
        window.show();
        window.openDataset(m_data.toStdString());
        window.newExperiment();
        engine::TrainConfig config = window.trainingSettings()->config();
        config.device = "cpu";
        config.threads = 1;
        config.epochs = 2;
        config.healthEvery = 0;
        window.trainingSettings()->setConfig(config);
        ui::SweepPage* page = window.sweepPage();
        window.tabs()->setCurrentWidget(page);

        // Define: two settings from the editor's boxes, two trials at once.
        ui::SweepEditor* editor = page->editor();
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QCOMPARE(editor->parameterTable()->rowCount(), 2);
        setRow(editor, 0, QStringLiteral("training.learning_rate"), QStringLiteral("0.0003, 0.003"));
        setRow(editor, 1, QStringLiteral("training.batch_size"), QStringLiteral("16, 32, 64"));
        editor->findChild<QSpinBox*>(QStringLiteral("SweepParallel"))->setValue(2);
        QCOMPARE(window.experiment()->sweep().parameters.size(), std::size_t{2}); // part of the experiment
        page->folderEdit()->setText(m_tmp.filePath(QStringLiteral("sweep")));

        // Run it.
        QSignalSpy finished(page->bridge(), &ui::SweepBridge::finished);
        QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("RunSweep")), Qt::LeftButton);
        QVERIFY2(finished.wait(300000), qPrintable(page->statusLabel()->text()));
        const engine::SweepIndex index = finished.first().first().value<engine::SweepIndex>();
        QVERIFY(index.complete);
        QCOMPARE(index.count(engine::TrialStatus::Finished), 6);

        // Every view shows every trial.
        QTableView* table = page->trialTable();
        QCOMPARE(table->model()->rowCount(), 6);
        ui::ParallelCoordinatesView* parallel = page->parallelCoordinates();
        QCOMPARE(parallel->lineCount(), 6);
        QCOMPARE(parallel->axisCount(), 4); // two settings, two metrics
        QCOMPARE(parallel->axisName(1), QStringLiteral("Batch size"));
        QCOMPARE(page->curves()->curveCount(), 6);
        QCOMPARE(page->scatter()->pointCount(), 6);
        QCOMPARE(page->importance()->importance().size(), std::size_t{2});
        QVERIFY(page->statusLabel()->text().contains(QStringLiteral("6 of 6 trials done")));

        // Brushing the batch-size axis near its top (64) leaves the two trials with batch 64.
        const QPoint top = parallel->axisPoint(1, 1.0).toPoint();
        const QPoint lower = parallel->axisPoint(1, 0.8).toPoint();
        QTest::mousePress(parallel, Qt::LeftButton, {}, top - QPoint(0, 5));
        QTest::mouseMove(parallel, lower);
        QTest::mouseRelease(parallel, Qt::LeftButton, {}, lower);
        QCOMPARE(table->model()->rowCount(), 2);
        QCOMPARE(shown(table, 2), (QStringList{QStringLiteral("64"), QStringLiteral("64")}));
        QCOMPARE(page->curves()->curveCount(), 2);
        // The brush is kept with the sweep, in the experiment.
        QVERIFY(window.experiment()->sweep().view.find("batch_size") != std::string::npos);
        // A click on the axis clears it.
        QTest::mouseClick(parallel, Qt::LeftButton, {}, parallel->axisPoint(1, 0.5).toPoint());
        QCOMPARE(table->model()->rowCount(), 6);

        // The table sorts by best accuracy and filters by text.
        table->sortByColumn(5, Qt::DescendingOrder);
        const QStringList best = shown(table, 5);
        QVERIFY(best.front().toDouble() >= best.back().toDouble());

        // The sweep goes into the file with the experiment and comes back from it.
        const QString file = m_tmp.filePath(QStringLiteral("with-sweep.json"));
        QVERIFY(window.saveExperimentAs(file));
        const engine::Experiment reread = engine::loadExperiment(file.toStdString());
        QCOMPARE(reread.sweep.parameters.size(), std::size_t{2});
        QCOMPARE(reread.sweep.parallel, 2);
        QVERIFY(reread.sweep.view.find("sort_column") != std::string::npos);

        // Open as Experiment: the selected trial becomes the window's experiment.
        table->selectRow(0);
        const int trial = table->model()->index(0, 0).data().toInt();
        page->openSelectedTrial();
        const engine::TrialRecord& record = index.trials[static_cast<std::size_t>(trial - 1)];
        QCOMPARE(window.experiment()->config().batchSize, std::stoi(record.values[1]));
        QCOMPARE(window.experiment()->config().learningRate, std::stod(record.values[0]));
        QVERIFY(window.tabs()->currentWidget() != page);
    }
};

QTEST_MAIN(TestSweepPage)
#include "test_sweep_page.moc"
