// Training from the GUI, offscreen: the bridge delivers the run's events from its worker thread in
// order, stop / pause / resume work through it, a failure arrives as a message, the charts buffer
// points and redraw from their throttle (never per batch), and closing the window mid-run stops
// and joins the training thread.

#include "support/fixtures.h"

#include "ui/app/main_window.h"
#include "ui/model/layer_stack_editor.h"
#include "ui/model/model_document.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_charts.h"
#include "ui/training/training_page.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/model/model_spec.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include <fstream>
#include <memory>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

// Batches `first` .. `first + count - 1` of a 500-batch epoch, the loss falling, the rate constant.
ui::BatchMetricsList fallingLoss(std::int64_t first, int count)
{
    ui::BatchMetricsList list;
    for (std::int64_t step = first; step < first + count; ++step) {
        engine::BatchMetrics b;
        b.step = step;
        b.epoch = static_cast<int>(step / 500) + 1;
        b.batch = static_cast<int>(step % 500) + 1;
        b.batchesPerEpoch = 500;
        b.loss = 2.0 / (1.0 + 0.001 * static_cast<double>(step));
        b.learningRate = 1e-3;
        list.append(b);
    }
    return list;
}

// Charts for a run of 10 epochs of 500 batches, on screen.
std::unique_ptr<ui::TrainingCharts> tenEpochCharts()
{
    auto charts = std::make_unique<ui::TrainingCharts>();
    charts->resize(900, 600);
    charts->show();
    engine::RunInfo info;
    info.epochs = 10;
    info.batchesPerEpoch = 500;
    charts->reset(info);
    return charts;
}

} // namespace

class TestTrainingView : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;

    static engine::TrainConfig config(int epochs, int batchSize = 16)
    {
        engine::TrainConfig c;
        c.epochs = epochs;
        c.batchSize = batchSize;
        c.device = "cpu";
        return c;
    }

    engine::ModelSpec model() const { return engine::seedModelSpec({3, 32, 32}, 4); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("xdg")).toUtf8());
        m_data = m_tmp.filePath(QStringLiteral("cifar"));
        test::writeCifar10(m_data.toStdString(), {.recordsPerTrainBatch = 64, .testRecords = 80, .classCount = 4});
    }

    void bridgeDeliversTheRunInOrder()
    {
        ui::TrainingBridge bridge;
        QStringList events;
        connect(&bridge, &ui::TrainingBridge::started, this, [&] { events << QStringLiteral("started"); });
        connect(&bridge, &ui::TrainingBridge::batchesReady, this, [&](const ui::BatchMetricsList& b) {
            QVERIFY(!b.isEmpty());
            if (events.last() != QStringLiteral("batches"))
                events << QStringLiteral("batches");
        });
        connect(&bridge, &ui::TrainingBridge::epochFinished, this, [&] { events << QStringLiteral("epoch"); });
        connect(&bridge, &ui::TrainingBridge::finished, this, [&] { events << QStringLiteral("finished"); });
        QSignalSpy running(&bridge, &ui::TrainingBridge::runningChanged);
        QSignalSpy finished(&bridge, &ui::TrainingBridge::finished);
        bridge.start(m_data, {}, model(), config(2));
        QVERIFY(bridge.isRunning());
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY(!bridge.isRunning());
        QCOMPARE(events,
            (QStringList{QStringLiteral("started"), QStringLiteral("batches"), QStringLiteral("epoch"),
                QStringLiteral("batches"), QStringLiteral("epoch"), QStringLiteral("finished")}));
        const auto result = finished.first().first().value<engine::RunResult>();
        QCOMPARE(result.epochs.size(), std::size_t{2});
        QVERIFY(result.epochs.back().testAccuracy > 0.9);
        QCOMPARE(running.size(), 2); // true, then false
    }

    void bridgeStopsPausesAndResumes()
    {
        ui::TrainingBridge bridge;
        QSignalSpy batches(&bridge, &ui::TrainingBridge::batchesReady);
        QSignalSpy finished(&bridge, &ui::TrainingBridge::finished);
        bridge.start(m_data, {}, model(), config(200, 4)); // long enough to be interrupted
        QVERIFY(batches.wait(60000));
        bridge.pause();
        QVERIFY(bridge.isPaused());
        QTest::qWait(200); // let batches already queued arrive
        const int before = static_cast<int>(batches.size());
        QTest::qWait(400);
        QCOMPARE(static_cast<int>(batches.size()), before); // paused: nothing new
        bridge.resume();
        QVERIFY(batches.wait(10000));
        bridge.stop();
        QVERIFY(finished.wait(30000));
        const auto result = finished.first().first().value<engine::RunResult>();
        QVERIFY(result.stopped);
        QVERIFY(result.epochs.size() < 200);
    }

    void failureArrivesAsAMessage()
    {
        ui::TrainingBridge bridge;
        QSignalSpy failed(&bridge, &ui::TrainingBridge::failed);
        bridge.start(m_tmp.filePath(QStringLiteral("missing")), {}, model(), config(1));
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("data folder does not exist")));
        QTRY_VERIFY(!bridge.isRunning());
    }

    void chartsRedrawFromTheirThrottle()
    {
        const auto owned = tenEpochCharts();
        ui::TrainingCharts& charts = *owned;
        QTest::qWait(2 * ui::TrainingCharts::kRedrawIntervalMs);
        const int redrawsBefore = charts.redrawCount();
        // 5000 batches arrive in 100 chunks without the event loop running: no redraw happens yet.
        for (int chunk = 0; chunk < 100; ++chunk)
            charts.addBatches(fallingLoss(chunk * 50, 50));
        QCOMPARE(charts.redrawCount(), redrawsBefore);
        QCOMPARE(charts.stepsRecorded(), qsizetype{5000});
        // The throttle stretches its interval when a redraw is slow (a busy machine): wait for the
        // redraw itself, not for a fixed time.
        QTRY_VERIFY_WITH_TIMEOUT(charts.redrawCount() > redrawsBefore, 10000);
        QTest::qWait(3 * ui::TrainingCharts::kRedrawIntervalMs);
        QVERIFY(charts.redrawCount() <= redrawsBefore + 1); // nothing new after the first redraw
        QVERIFY(charts.rawLossPointsShown() > 0);
        QVERIFY(charts.rawLossPointsShown() <= ui::TrainingCharts::kMaxLossPointsShown);

        const QString png = m_tmp.filePath(QStringLiteral("loss.png"));
        const QString svg = m_tmp.filePath(QStringLiteral("loss.svg"));
        const QString csv = m_tmp.filePath(QStringLiteral("metrics.csv"));
        QVERIFY(charts.exportChart(ui::TrainingCharts::LossChart, png));
        QVERIFY(charts.exportChart(ui::TrainingCharts::LossChart, svg));
        QVERIFY(charts.exportCsv(csv));
        QVERIFY(QImage(png).width() > 100);
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QVERIFY(svgFile.readAll().contains("<svg"));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QCOMPARE(csvFile.readAll().count('\n'), 5001);
    }

    void lossRedrawsOnlyItsNewestPart()
    {
        const auto owned = tenEpochCharts();
        ui::TrainingCharts& charts = *owned;
        auto* view = qobject_cast<QChartView*>(charts.chartViewport(ui::TrainingCharts::LossChart)->parentWidget());
        QVERIFY(view != nullptr);
        const auto snapshot = [view] {
            std::vector<QList<QPointF>> points;
            for (QAbstractSeries* series : view->chart()->series())
                points.push_back(static_cast<QXYSeries*>(series)->points());
            return points;
        };
        // Nine epochs, half an epoch at a time, each followed by its redraw.
        for (int half = 0; half < 18; ++half) {
            const int redraws = charts.redrawCount();
            charts.addBatches(fallingLoss(half * 250, 250));
            QTRY_VERIFY_WITH_TIMEOUT(charts.redrawCount() > redraws, 10000);
        }
        // Parts of an eighth of the 10-epoch axis: nine epochs fill seven and begin the eighth.
        QCOMPARE(charts.lossParts(), qsizetype{8});
        QVERIFY(charts.rawLossPointsShown() <= ui::TrainingCharts::kMaxLossPointsShown);
        // The raw loss (the only 1-pixel line), part after part, is one line without gaps.
        const auto rawLine = [view] {
            QList<QPointF> raw;
            for (QAbstractSeries* series : view->chart()->series()) {
                auto* line = static_cast<QXYSeries*>(series);
                if (line->pen().widthF() != 1.0 || line->count() == 0)
                    continue;
                if (!raw.isEmpty() && line->at(0) != raw.back())
                    return QList<QPointF>(); // a gap
                raw.append(line->points());
            }
            return raw;
        };
        const QList<QPointF> raw = rawLine();
        QVERIFY(!raw.isEmpty());
        QCOMPARE(raw.front().x(), 1.0 / 500.0);
        QCOMPARE(raw.back().x(), 9.0);
        // A redraw within the newest part changes that part only: the raw and the smoothed line.
        const auto before = snapshot();
        const int redraws = charts.redrawCount();
        charts.addBatches(fallingLoss(18 * 250, 50));
        QTRY_VERIFY_WITH_TIMEOUT(charts.redrawCount() > redraws, 10000);
        const auto after = snapshot();
        QCOMPARE(after.size(), before.size());
        int changed = 0;
        for (std::size_t i = 0; i < after.size(); ++i)
            changed += after[i] != before[i] ? 1 : 0;
        QCOMPARE(changed, 2);
        // A run past its planned epochs starts over with one part and stays within the point limit.
        const int redrawsBeforeLongRun = charts.redrawCount();
        for (int half = 19; half < 60; ++half)
            charts.addBatches(fallingLoss(half * 250, 250));
        QTRY_VERIFY_WITH_TIMEOUT(charts.redrawCount() > redrawsBeforeLongRun, 10000);
        QTest::qWait(3 * ui::TrainingCharts::kRedrawIntervalMs);
        QVERIFY(charts.lossParts() < static_cast<qsizetype>(ui::TrainingCharts::kMaxLossParts));
        QVERIFY(charts.rawLossPointsShown() <= ui::TrainingCharts::kMaxLossPointsShown);
        const QList<QPointF> merged = rawLine(); // still one line, from the first step to the last
        QVERIFY(!merged.isEmpty());
        QCOMPARE(merged.front().x(), 1.0 / 500.0);
        QCOMPARE(merged.back().x(), 30.0);
    }

    void chartAxesUseNiceSteps()
    {
        const auto owned = tenEpochCharts();
        ui::TrainingCharts& charts = *owned;
        const int redraws = charts.redrawCount();
        charts.addBatches(fallingLoss(0, 1000));
        QTRY_VERIFY_WITH_TIMEOUT(charts.redrawCount() > redraws, 10000);
        // Axes on whole steps of 1, 2, 2.5 or 5, labelled with the decimals the step needs, and
        // accuracy never past 100 % (the walkthrough saw 0.3 / 0.8 on a 0-1 axis and 102.4 %).
        using Chart = ui::TrainingCharts;
        const QValueAxis* epochs = charts.axis(Chart::LossChart, Qt::Horizontal);
        QCOMPARE(epochs->min(), 0.0);
        QCOMPARE(epochs->max(), 10.0);
        QCOMPARE(epochs->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(epochs->tickInterval(), 2.0);
        QCOMPARE(epochs->labelFormat(), QStringLiteral("%.0f"));
        const QValueAxis* rate = charts.axis(Chart::LearningRateChart, Qt::Vertical);
        QCOMPARE(rate->min(), 0.0);
        QCOMPARE(rate->tickInterval(), 0.00025);
        QCOMPARE(rate->labelFormat(), QStringLiteral("%.5f"));

        engine::EpochMetrics perfect;
        perfect.epoch = 1;
        perfect.trainAccuracy = 0.97;
        perfect.testAccuracy = 1.0;
        charts.addEpoch(perfect);
        QTRY_VERIFY_WITH_TIMEOUT(charts.axis(Chart::AccuracyChart, Qt::Vertical)->max() > 0.0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(charts.axis(Chart::AccuracyChart, Qt::Vertical)->max(), 100.0, 10000);
        const double ticks = (100.0 - charts.axis(Chart::AccuracyChart, Qt::Vertical)->min())
            / charts.axis(Chart::AccuracyChart, Qt::Vertical)->tickInterval();
        QVERIFY(ticks <= 5.0 + 1e-9);
    }

    void windowTrainsAndCloseJoinsTheThread()
    {
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        devices.cudaUnavailableSummary = "no driver";
        ui::MainWindow window(devices);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openDataset(m_data.toStdString());
        window.newExperiment();
        auto* epochs = qobject_cast<QSpinBox*>(window.trainingSettings()->editor(QStringLiteral("epochs")));
        epochs->setValue(500);
        QSignalSpy batches(window.trainingBridge(), &ui::TrainingBridge::batchesReady);
        QVERIFY(window.startAction()->isEnabled());
        window.startAction()->trigger();
        QVERIFY(!window.startAction()->isEnabled());
        QVERIFY(window.stopAction()->isEnabled());
        QVERIFY(batches.wait(60000));
        QTRY_VERIFY(window.progressLabel()->text().contains(QStringLiteral("Epoch")));
        QVERIFY(window.charts()->stepsRecorded() > 0);
        // Paused, the window says so, and no rate or ETA is shown while nothing trains.
        QAction* pause = window.trainingPage()->pauseAction();
        pause->trigger();
        QTest::qWait(300); // batches already on their way arrive
        QVERIFY2(window.progressLabel()->text().startsWith(QStringLiteral("Paused · epoch 1/500")),
            qPrintable(window.progressLabel()->text()));
        QVERIFY(!window.progressLabel()->text().contains(QStringLiteral("img/s")));
        QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Paused")));
        QCOMPARE(pause->text(), QStringLiteral("&Resume"));
        pause->trigger();
        QVERIFY(batches.wait(30000));
        QTRY_VERIFY(window.progressLabel()->text().contains(QStringLiteral("img/s")));
        const QStringList exported = window.exportCharts(m_tmp.path());
        QCOMPARE(exported.size(), 7); // 3 charts x PNG, SVG + metrics.csv
        // Closing mid-run stops the training and joins its thread before the window goes.
        window.trainingSettings()->setConfig(window.trainingSettings()->config()); // keep "modified" simple
        window.saveExperimentAs(m_tmp.filePath(QStringLiteral("exp.json")));
        QVERIFY(window.trainingBridge()->threadRunning());
        QVERIFY(window.close());
        QVERIFY(!window.trainingBridge()->threadRunning());
    }

    // Stopped part-way through an epoch: the message, the charts and metrics.csv tell one story
    // (the finished epochs only, and where the stop came).
    void stopTellsOneStory()
    {
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        ui::MainWindow window(devices);
        window.openDataset(m_data.toStdString());
        window.newExperiment();
        qobject_cast<QSpinBox*>(window.trainingSettings()->editor(QStringLiteral("epochs")))->setValue(500);
        QSignalSpy epochs(window.trainingBridge(), &ui::TrainingBridge::epochFinished);
        QSignalSpy finished(window.trainingBridge(), &ui::TrainingBridge::finished);
        window.startAction()->trigger();
        QVERIFY(epochs.wait(60000));
        // Meanwhile the Model page says that edits apply to the next run.
        const QLabel* notice = window.layerEditor()->noticeLabel();
        QVERIFY2(!notice->isHidden() && notice->text().contains(QStringLiteral("apply to the next run")),
            qPrintable(notice->text()));
        window.stopAction()->trigger();
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY(notice->isHidden());
        const auto result = finished.first().first().value<engine::RunResult>();
        QVERIFY(result.stopped);
        const int done = static_cast<int>(result.epochs.size());
        QVERIFY(done >= 1);
        const QString message = window.trainingPage()->runMessage()->text();
        if (result.stoppedAfterBatches > 0)
            QVERIFY2(message.startsWith(QStringLiteral("Stopped in epoch %1 after %2 of its ")
                                            .arg(done + 1)
                                            .arg(result.stoppedAfterBatches)),
                qPrintable(message));
        else
            QVERIFY2(message.startsWith(QStringLiteral("Stopped after epoch %1:").arg(done)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("in epoch %1").arg(result.bestEpoch)), qPrintable(message));
        QTRY_COMPARE(window.charts()->epochPointsShown(), qsizetype{done});
        std::ifstream csv(result.metricsPath);
        int lines = 0;
        for (std::string line; std::getline(csv, line);)
            ++lines;
        QCOMPARE(lines, 1 + done); // the header and each finished epoch
    }

    // A loss that blows up (a learning rate far too high) grows the axis a billion-fold between two
    // redraws: the axis must not be asked for a tick every 0.5 on the way (it ran out of memory).
    void blownUpLossKeepsTheAxisSmall()
    {
        const auto charts = tenEpochCharts();
        charts->addBatches(fallingLoss(0, 50));
        const int redraws = charts->redrawCount();
        QTRY_VERIFY_WITH_TIMEOUT(charts->redrawCount() > redraws, 10000);
        ui::BatchMetricsList huge = fallingLoss(50, 10);
        for (engine::BatchMetrics& b : huge)
            b.loss = 1.7e13;
        charts->addBatches(huge);
        const int before = charts->redrawCount();
        QTRY_VERIFY_WITH_TIMEOUT(charts->redrawCount() > before, 10000);
        const QValueAxis* y = charts->axis(ui::TrainingCharts::LossChart, Qt::Vertical);
        QVERIFY(y->max() >= 1.7e13);
        QVERIFY(y->tickInterval() >= y->max() / 10.0);
    }

    void networkDisplayRedrawsLess()
    {
        // Animations on, as a desktop theme may have them, so that turning them off is seen.
        QApplication::setEffectEnabled(Qt::UI_General, true);
        QApplication::setEffectEnabled(Qt::UI_AnimateCombo, true);
        qputenv("CNNWB_REMOTE_DISPLAY", "1");
        ui::MainWindow window(engine::DeviceInfo{});
        qunsetenv("CNNWB_REMOTE_DISPLAY");
        QVERIFY(window.charts()->remoteDisplay());
        QVERIFY(window.charts()->redrawIntervalMs() >= ui::TrainingCharts::kRemoteRedrawIntervalMs);
        ui::MainWindow local(engine::DeviceInfo{}); // offscreen: not a network display
        QVERIFY(!local.charts()->remoteDisplay());
        QCOMPARE(local.charts()->redrawIntervalMs(), ui::TrainingCharts::kRedrawIntervalMs);

        // View says which mode is on and why, and switches it.
        auto* mode = window.findChild<QAction*>(QStringLiteral("networkDisplayAction"));
        auto* line = window.findChild<QAction*>(QStringLiteral("displayModeLine"));
        QVERIFY(mode != nullptr && line != nullptr);
        QVERIFY(mode->isChecked());
        QVERIFY2(line->text().startsWith(QStringLiteral("On: charts every 6 s")), qPrintable(line->text()));
        QVERIFY2(line->text().contains(QStringLiteral("CNNWB_REMOTE_DISPLAY=1")), qPrintable(line->text()));
        QVERIFY(!QApplication::isEffectEnabled(Qt::UI_AnimateCombo));
        mode->trigger();
        QVERIFY(!window.charts()->remoteDisplay());
        QVERIFY(QApplication::isEffectEnabled(Qt::UI_AnimateCombo)); // back to what the platform chose
        QCOMPARE(window.charts()->redrawIntervalMs(), ui::TrainingCharts::kRedrawIntervalMs);
        QVERIFY2(line->text().startsWith(QStringLiteral("Off: charts redraw live")), qPrintable(line->text()));
        auto* localMode = local.findChild<QAction*>(QStringLiteral("networkDisplayAction"));
        QVERIFY(!localMode->isChecked());
        localMode->trigger();
        QVERIFY(local.charts()->remoteDisplay());
        QVERIFY(local.charts()->redrawIntervalMs() >= ui::TrainingCharts::kRemoteRedrawIntervalMs);
    }

    void pagesHaveShortcuts()
    {
        ui::MainWindow window(engine::DeviceInfo{});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QTRY_VERIFY(window.isActiveWindow());
        for (int page : {4, 0, 5, 2}) {
            QTest::keyClick(&window, static_cast<Qt::Key>(Qt::Key_1 + page), Qt::ControlModifier);
            QCOMPARE(window.tabs()->currentIndex(), page);
        }
    }

    void statusBarTextKeepsItsWidthWhileTraining()
    {
        // The status bar repaints its whole width whenever a label in it asks for another size: while a
        // run trains, the progress text, changing every second, must not.
        ui::MainWindow window(engine::DeviceInfo{});
        window.openDataset(m_data.toStdString());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QLabel* progress = window.progressLabel();
        qobject_cast<QSpinBox*>(window.trainingSettings()->editor(QStringLiteral("epochs")))->setValue(2);
        QSignalSpy finished(window.trainingBridge(), &ui::TrainingBridge::finished);
        QVERIFY(window.startTraining());
        QTRY_VERIFY_WITH_TIMEOUT(progress->text().startsWith(QStringLiteral("Epoch")), 60000);
        QCOMPARE(progress->minimumWidth(), progress->maximumWidth());
        const int width = progress->width();
        QVERIFY(width >= progress->fontMetrics().horizontalAdvance(progress->text()));
        QVERIFY(finished.wait(120000));
        QTRY_VERIFY(progress->maximumWidth() > width); // free again once the run has ended
    }

    void startRefusesAnInvalidModel()
    {
        engine::DeviceInfo devices;
        ui::MainWindow window(devices);
        window.openDataset(m_data.toStdString()); // 4 classes: the seed model's output follows them
        ui::ModelDocument* model = window.document();
        QCOMPARE(model->spec().layers.back().outChannels, 4);
        engine::LayerSpec output = model->spec().layers.back();
        output.outChannels = 10; // a student's edit that no longer fits the data
        model->setLayer(model->layerCount() - 1, output);
        QVERIFY(!window.startTraining());
        QVERIFY(window.runMessage()->text().contains(QStringLiteral("dataset has 4 classes")));
        QVERIFY(!window.trainingBridge()->isRunning());
    }
};

QTEST_MAIN(TestTrainingView)
#include "test_training_view.moc"
