// The Health page and the Training page's diagnosis line, offscreen: a failing run is diagnosed
// while it trains and a diagnosis leads to its setting; a healthy run fills the layer table, the
// heat map and the pictures, whose epoch scrubber moves with the Results page's; a finished run's
// folder shows the same; the "Write TensorBoard files" box puts event files into the run's folder.

#include "support/fixtures.h"

#include "ui/app/main_window.h"
#include "ui/health/diagnosis_banner.h"
#include "ui/health/health_page.h"
#include "ui/health/histogram_heat_map.h"
#include "ui/health/sparkline_delegate.h"
#include "ui/results/results_page.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_page.h"
#include "ui/training/training_settings_panel.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <numeric>

using namespace cnnwb;
namespace fs = std::filesystem;

class TestHealthPage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_data;

    // A window on the generated dataset with the seed CNN, sampling every other step.
    void prepare(ui::MainWindow& window, int epochs)
    {
        window.openDataset(m_data.toStdString());
        window.newExperiment();
        ui::TrainingSettingsPanel* settings = window.trainingSettings();
        qobject_cast<QSpinBox*>(settings->editor(QStringLiteral("epochs")))->setValue(epochs);
        qobject_cast<QSpinBox*>(settings->editor(QStringLiteral("batchSize")))->setValue(16);
        qobject_cast<QSpinBox*>(settings->editor(QStringLiteral("healthEvery")))->setValue(2);
        engine::TrainConfig config = settings->config();
        config.device = "cpu";
        config.threads = 1;
        settings->setConfig(config);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("xdg")).toUtf8());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
        m_data = m_tmp.filePath(QStringLiteral("cifar"));
        test::writeCifar10(m_data.toStdString(), {.recordsPerTrainBatch = 64, .testRecords = 80, .classCount = 4});
    }

    void failingRunIsDiagnosedWhileItTrains()
    {
        ui::MainWindow window(engine::DeviceInfo{});
        window.resize(1280, 720);
        window.show();
        prepare(window, 2);
        ui::TrainingSettingsPanel* settings = window.trainingSettings();
        engine::TrainConfig config = settings->config();
        config.optimizer = engine::OptimizerKind::Sgd;
        config.momentum = 0.0;
        config.learningRate = 5.0; // far too high
        settings->setConfig(config);
        ui::DiagnosisBanner* banner = window.trainingPage()->diagnosisBanner();
        QVERIFY(banner->isHidden());
        window.startAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.trainingBridge()->isRunning(), 120000);

        // The line over the charts says it in plain words, with what to try.
        QVERIFY(!banner->isHidden());
        QVERIFY2(banner->text().contains(QStringLiteral("Learning rate too high")), qPrintable(banner->text()));
        QVERIFY2(
            banner->text().contains(QStringLiteral("lower the learning rate (now 5)")), qPrintable(banner->text()));
        // Its link shows the Health page, where the diagnosis is listed...
        Q_EMIT banner->linkActivated(QStringLiteral("health"));
        QCOMPARE(window.tabs()->currentWidget(), window.healthPage());
        ui::HealthPage* health = window.healthPage();
        QTreeWidget* list = health->diagnosisList();
        QTreeWidgetItem* first = nullptr;
        for (int i = 0; i < list->topLevelItemCount() && first == nullptr; ++i)
            if (list->topLevelItem(i)->text(1).startsWith(QStringLiteral("Learning rate too high: ")))
                first = list->topLevelItem(i);
        QVERIFY(first != nullptr);
        QCOMPARE(first->text(0), QStringLiteral("1"));
        QVERIFY2(
            first->text(2).startsWith(QStringLiteral("lower the learning rate (now 5)")), qPrintable(first->text(2)));
        // ... and activating it leads to the learning rate's editor.
        Q_EMIT list->itemActivated(first, 1);
        QCOMPARE(window.tabs()->currentWidget(), window.trainingPage());
        QTRY_COMPARE(window.focusWidget(), settings->editor(QStringLiteral("learningRate")));
        QTRY_COMPARE(health->layerTable()->rowCount(), 5); // at the throttled redraw
    }

    void healthyRunFillsTheViewsAndScrubsWithResults()
    {
        QSettings().setValue(QLatin1String(ui::TrainingSettingsPanel::kTensorBoardKey), false);
        ui::MainWindow window(engine::DeviceInfo{});
        window.resize(1280, 800);
        window.show();
        prepare(window, 3);
        auto* tensorBoard = window.trainingSettings()->findChild<QCheckBox*>(QStringLiteral("tensorboard"));
        QVERIFY(tensorBoard != nullptr && !tensorBoard->isChecked());
        tensorBoard->setChecked(true);
        QVERIFY(ui::TrainingSettingsPanel::writesTensorBoard());
        QSignalSpy finished(window.trainingBridge(), &ui::TrainingBridge::finished);
        QSignalSpy samples(window.trainingBridge(), &ui::TrainingBridge::healthSampled);
        window.startAction()->trigger();
        QVERIFY(finished.wait(120000));
        const auto result = finished.first().first().value<engine::RunResult>();
        QCOMPARE(samples.size(), 30); // every other step of 3 × 20
        QVERIFY(window.trainingPage()->diagnosisBanner()->isHidden());

        ui::HealthPage* health = window.healthPage();
        health->redrawNow();
        QCOMPARE(health->history().samples().size(), std::size_t{30});
        QCOMPARE(health->diagnosisList()->topLevelItemCount(), 0);
        QVERIFY2(health->message()->text().contains(QStringLiteral("nothing looks wrong")),
            qPrintable(health->message()->text()));
        // A row per layer, each statistic's trend over the 30 samples.
        QTableWidget* table = health->layerTable();
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("0  Conv2d"));
        const auto updates = table->item(0, 1)->data(ui::SparklineDelegate::kPointsRole).value<QList<QPointF>>();
        QCOMPARE(updates.size(), 30);
        QCOMPARE(updates.back().x(), 58.0);
        QCOMPARE(updates.back().y(), health->history().samples().back().layers[0].updateRatio);
        QVERIFY(table->item(1, 1)->data(ui::SparklineDelegate::kPointsRole).value<QList<QPointF>>().isEmpty());
        QVERIFY(!table->item(1, 5)->text().isEmpty()); // the ReLU's dead share

        // The heat map: a strip per epoch for the chosen layer and quantity, every value counted.
        ui::HistogramHeatMap* map = health->heatMap();
        QCOMPARE(map->stripCount(), 3);
        const std::vector<double> column = map->column(2);
        QCOMPARE(static_cast<int>(column.size()), ui::HistogramHeatMap::kRows);
        QCOMPARE(std::accumulate(column.begin(), column.end(), 0.0), 32.0 * 3 * 3 * 3);
        health->heatMapQuantity()->setCurrentIndex(2); // activations of the convolution
        const std::vector<double> activations = map->column(0);
        QCOMPARE(std::accumulate(activations.begin(), activations.end(), 0.0), 64.0 * 32 * 32 * 32);

        // The scrubber and the Results page's epoch move together; the pictures follow.
        QCOMPARE(health->selectedEpoch(), 3);
        QCOMPARE(health->epochScrubber()->maximum(), 3);
        window.tabs()->setCurrentWidget(health);
        QTRY_VERIFY(!health->filters()->pixmap().isNull());
        const QImage last = health->featureMaps()->pixmap().toImage();
        health->epochScrubber()->setValue(1);
        QCOMPARE(window.resultsPage()->selectedEpoch(), 1);
        QVERIFY(health->featureMaps()->pixmap().toImage() != last);
        window.resultsPage()->selectEpoch(2);
        QCOMPARE(health->selectedEpoch(), 2);
        QCOMPARE(health->epochScrubber()->value(), 2);

        // The box put TensorBoard files into the run's folder.
        const fs::path events = result.weightsPath.parent_path() / "tensorboard";
        QVERIFY(fs::is_directory(events));
        QVERIFY(
            fs::begin(fs::directory_iterator(events))->path().filename().string().starts_with("events.out.tfevents."));

        // The finished run's folder shows the same on a page of its own.
        ui::HealthPage reread;
        QVERIFY(reread.showRunFolder(result.weightsPath.parent_path()));
        QCOMPARE(reread.history().samples().size(), std::size_t{30});
        QCOMPARE(reread.heatMap()->stripCount(), 3);
        QCOMPARE(reread.layerTable()->rowCount(), 5);
        QVERIFY(reread.message()->text().contains(QString::fromStdString(result.weightsPath.parent_path().string())));
        // ... also when read on a worker thread, as opening a checkpoint does.
        ui::HealthPage later;
        QSignalSpy loaded(&later, &ui::HealthPage::loaded);
        later.loadRunFolder(result.weightsPath.parent_path());
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.first().first().toBool(), true);
        QCOMPARE(later.history().epochs().size(), std::size_t{3});

        // With the box unticked, a run writes no TensorBoard files, even where its experiment names
        // a folder (an opened checkpoint's, a cloned run's): never into an earlier run's folder.
        tensorBoard->setChecked(false);
        engine::TrainConfig again = window.trainingSettings()->config();
        again.tensorboardDir = events;
        again.epochs = 1;
        window.trainingSettings()->setConfig(again);
        const auto before = std::distance(fs::directory_iterator(events), fs::directory_iterator());
        QSignalSpy second(window.trainingBridge(), &ui::TrainingBridge::finished);
        window.startAction()->trigger();
        QVERIFY(second.wait(120000));
        QCOMPARE(std::distance(fs::directory_iterator(events), fs::directory_iterator()), before);
        QSettings().setValue(QLatin1String(ui::TrainingSettingsPanel::kTensorBoardKey), false);
    }

    void folderWithoutRecordSaysSo()
    {
        ui::HealthPage page;
        QVERIFY(!page.showRunFolder(m_tmp.filePath(QStringLiteral("cifar")).toStdString()));
        QVERIFY2(page.message()->text().contains(QStringLiteral("has no health record")),
            qPrintable(page.message()->text()));
        QCOMPARE(page.layerTable()->rowCount(), 0);
        QCOMPARE(page.heatMap()->stripCount(), 0);
    }

    void heatMapKeepsEveryCount()
    {
        // Two epochs over different ranges on one axis: the union of the ranges, no value lost.
        engine::Histogram a{.min = -1.0, .max = 1.0, .sum = 0.0, .sumSquares = 0.0, .count = 10, .bins = {2, 3, 5}};
        engine::Histogram b{.min = 0.5, .max = 3.0, .sum = 0.0, .sumSquares = 0.0, .count = 7, .bins = {7}};
        ui::HistogramHeatMap map;
        map.setStrips({{1, a}, {2, b}});
        QCOMPARE(map.range(), (std::pair<double, double>{-1.0, 3.0}));
        const auto total = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); };
        QCOMPARE(total(map.column(0)), 10.0);
        QCOMPARE(total(map.column(1)), 7.0);
        // Epoch 1 lies in the lower half of the axis (top row first), epoch 2 in the upper 5/8.
        const std::vector<double> first = map.column(0);
        QCOMPARE(total({first.begin(), first.begin() + ui::HistogramHeatMap::kRows / 2}), 0.0);
        const std::vector<double> second = map.column(1);
        QCOMPARE(total({second.end() - ui::HistogramHeatMap::kRows * 3 / 8, second.end()}), 0.0);
        QSignalSpy clicked(&map, &ui::HistogramHeatMap::epochClicked);
        map.resize(400, 200);
        QTest::mouseClick(&map, Qt::LeftButton, {}, QPoint(390, 100));
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.first().first().toInt(), 2);
    }
};

QTEST_MAIN(TestHealthPage)
#include "test_health_page.moc"
