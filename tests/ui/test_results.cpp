// The Results tab, driven through the real window after a real (tiny, unlearnable) run: clicking
// an epoch on the accuracy chart scrubs the confusion matrix and per-class table to that epoch;
// clicking a matrix cell filters the gallery to exactly those mistakes, sorted by confidence.

#include "support/fixtures.h"

#include "ui/app/main_window.h"
#include "ui/common/engine_text.h"
#include "ui/results/confusion_matrix_view.h"
#include "ui/results/insight_page.h"
#include "ui/results/results_page.h"
#include "ui/results/runs_page.h"
#include "ui/training/lr_finder_dialog.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_charts.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/insight/class_metrics.h"
#include "cnnwb/engine/train/trainer.h"

#include <QComboBox>
#include <QFontMetrics>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

// Captions: the two names over the confidence, each line within its grid cell; the matrix names
// its classes above the columns and beside the rows, in full.
void requireNamedCaptionsAndMatrix(ui::ResultsPage& results, int n, const std::vector<std::string>& classNames)
{
    QListWidget* gallery = results.gallery();
    const QFontMetrics metrics(gallery->font());
    for (int i = 0; i < gallery->count(); ++i) {
        const QStringList lines = gallery->item(i)->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[1].contains(QLatin1Char('%')), qPrintable(lines[1]));
        for (const QString& line : lines)
            QVERIFY2(metrics.horizontalAdvance(line) <= gallery->gridSize().width() - 8, qPrintable(line));
    }
    QVERIFY(gallery->gridSize().height() >= gallery->iconSize().height() + 2 * metrics.lineSpacing());
    for (int c = 0; c < n; ++c) {
        QCOMPARE(results.matrix()->columnLabel(c), QString::fromStdString(classNames[static_cast<std::size_t>(c)]));
        QCOMPARE(results.matrix()->rowLabel(c), QString::fromStdString(classNames[static_cast<std::size_t>(c)]));
    }
}

} // namespace

class TestResults : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_noise;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("data-home")).toUtf8()); // the run folders
        // Random pixels and labels: the network cannot learn them, so every epoch makes mistakes.
        m_noise = fs::path(m_tmp.path().toStdString()) / "noise";
        test::writeCifar10(m_noise, {.recordsPerTrainBatch = 32, .testRecords = 64, .classCount = 4});
        std::uint64_t state = 7;
        const auto noise = [&](const fs::path& file, int records) {
            std::vector<std::uint8_t> bytes(static_cast<std::size_t>(records) * 3073);
            for (std::size_t i = 0; i < bytes.size(); ++i) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                bytes[i] = static_cast<std::uint8_t>(state >> 56);
                if (i % 3073 == 0)
                    bytes[i] %= 4;
            }
            test::writeBytes(file, bytes);
        };
        for (int batch = 1; batch <= 5; ++batch)
            noise(m_noise / ("data_batch_" + std::to_string(batch) + ".bin"), 32);
        noise(m_noise / "test_batch.bin", 64);
    }

    void scrubbingAndFilteringAfterARun()
    {
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        ui::MainWindow window(devices);
        window.resize(1300, 850);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openDataset(m_noise);
        window.newExperiment();
        auto* epochs = qobject_cast<QSpinBox*>(window.trainingSettings()->editor(QStringLiteral("epochs")));
        epochs->setValue(3);
        ui::ResultsPage* results = window.resultsPage();
        QSignalSpy finished(window.trainingBridge(), &ui::TrainingBridge::finished);
        QSignalSpy gallery(results, &ui::ResultsPage::galleryReady);
        window.startAction()->trigger();
        QVERIFY(finished.wait(120000));
        const auto run = finished.first().first().value<engine::RunResult>();
        QCOMPARE(run.epochs.size(), std::size_t{3});
        QCOMPARE(results->selectedEpoch(), 3);               // it follows the run
        QTRY_VERIFY_WITH_TIMEOUT(!gallery.isEmpty(), 60000); // it may come before finished is handled here
        QCOMPARE(gallery.first().first().toBool(), true);

        // Scrub: click epoch 1 on the accuracy chart (once the chart has drawn the epochs).
        ui::TrainingCharts* charts = window.charts();
        window.tabs()->setCurrentIndex(2);
        const QPointF epochOne(1.0, 100.0 * run.epochs[0].testAccuracy);
        QTRY_COMPARE(charts->epochAt(ui::TrainingCharts::AccuracyChart,
                         charts->viewPosition(ui::TrainingCharts::AccuracyChart, epochOne)),
            1);
        QTest::mouseClick(charts->chartViewport(ui::TrainingCharts::AccuracyChart), Qt::LeftButton, {},
            charts->viewPosition(ui::TrainingCharts::AccuracyChart, epochOne));
        QCOMPARE(results->selectedEpoch(), 1);
        QCOMPARE(charts->markedEpoch(), 1);
        QCOMPARE(results->epochBox()->value(), 1);
        const int n = results->matrix()->classCount();
        QCOMPARE(n, 4);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c)
                QCOMPARE(results->matrix()->count(r, c), run.epochs[0].confusion[static_cast<std::size_t>(r * n + c)]);
        const engine::ClassificationReport first = engine::classificationReport(run.epochs[0].confusion, 4);
        QCOMPARE(results->classTable()->item(2, 2)->text(), QString::number(first.classes[2].recall, 'f', 3));
        QVERIFY(results->summary()->text().contains(QStringLiteral("Epoch 1")));
        // ...and the epoch box scrubs back, marking the chart.
        results->epochBox()->setValue(3);
        QCOMPARE(results->selectedEpoch(), 3);
        QCOMPARE(charts->markedEpoch(), 3);

        // Click an off-diagonal cell with mistakes in it: the gallery shows exactly those.
        window.tabs()->setCurrentWidget(results);
        QTest::qWait(50);
        int row = -1;
        int column = -1;
        for (int r = 0; r < n && row < 0; ++r)
            for (int c = 0; c < n && row < 0; ++c)
                if (r != c && results->matrix()->count(r, c) >= 2) {
                    row = r;
                    column = c;
                }
        QVERIFY(row >= 0);
        QTest::mouseClick(results->matrix(), Qt::LeftButton, {}, results->matrix()->cellRect(row, column).center());
        QCOMPARE(results->trueFilter()->currentIndex(), row + 1);
        QCOMPARE(results->predictedFilter()->currentIndex(), column + 1);
        QListWidget* items = results->gallery();
        QCOMPARE(static_cast<std::int64_t>(items->count()), results->matrix()->count(row, column));
        double previous = 2.0;
        for (int i = 0; i < items->count(); ++i) {
            QCOMPARE(items->item(i)->data(Qt::UserRole + 2).toInt(), row);
            QCOMPARE(items->item(i)->data(Qt::UserRole + 3).toInt(), column);
            const double confidence = items->item(i)->data(Qt::UserRole + 1).toDouble();
            QVERIFY(confidence <= previous); // most confident first
            previous = confidence;
        }
        requireNamedCaptionsAndMatrix(*results, n, engine::Dataset::inspect(m_noise).classNames);
        results->sortOrder()->setCurrentIndex(1);
        QVERIFY(items->item(0)->data(Qt::UserRole + 1).toDouble()
            <= items->item(items->count() - 1)->data(Qt::UserRole + 1).toDouble());
        // Any true class: every mistake predicted as `column`.
        results->trueFilter()->setCurrentIndex(0);
        std::int64_t predictedAs = 0;
        for (int r = 0; r < n; ++r)
            predictedAs += r == column ? 0 : results->matrix()->count(r, column);
        QCOMPARE(static_cast<std::int64_t>(items->count()), predictedAs);
        results->matrix()->setNormalized(true);
        std::int64_t rowSum = 0;
        for (int c = 0; c < n; ++c)
            rowSum += results->matrix()->count(row, c);
        QCOMPARE(results->matrix()->cellText(row, column),
            QString::number(
                static_cast<double>(results->matrix()->count(row, column)) / static_cast<double>(rowSum), 'f', 2));
    }

    void insightShowsPredictionCamAndMaps()
    {
        const engine::Dataset data = engine::Dataset::load(m_noise);
        engine::TrainConfig config;
        config.epochs = 1;
        config.batchSize = 16;
        config.device = "cpu";
        config.outDir = fs::path(m_tmp.path().toStdString()) / "insight-run";
        const engine::RunResult run = engine::Trainer(config).run(data);

        ui::InsightPage page;
        page.resize(1200, 800);
        // Read on a worker thread (as at a run's end): the page has no model until it is read.
        QSignalSpy loaded(&page, &ui::InsightPage::loaded);
        page.loadCheckpoint(run.lastCheckpointPath, m_noise);
        QVERIFY(!page.hasModel());
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.takeFirst().at(0).toBool(), true);
        QVERIFY(page.hasModel());
        page.loadCheckpoint(fs::path(m_tmp.path().toStdString()) / "missing.ckpt");
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.takeFirst().at(0).toBool(), false);
        QVERIFY(page.message()->text().contains(QStringLiteral("missing.ckpt")));

        QSignalSpy updated(&page, &ui::InsightPage::updated);
        QVERIFY(page.setCheckpoint(run.lastCheckpointPath, m_noise));
        QCOMPARE(updated.count(), 1);             // test image 0 at once
        QCOMPARE(page.topTable()->rowCount(), 4); // 4 classes: the top 5 has 4
        double previous = 1.0;
        double sum = 0.0;
        for (int row = 0; row < 4; ++row) {
            const double p = page.topTable()->item(row, 1)->data(Qt::UserRole).toDouble();
            QVERIFY(p <= previous);
            previous = p;
            sum += p;
        }
        QVERIFY(std::abs(sum - 1.0) < 1e-5);
        QCOMPARE(page.camImage().size(), QSize(32, 32));
        QCOMPARE(page.filterCount(), 32); // the seed CNN's first convolution
        QCOMPARE(page.layerChoice()->count(), 5);
        page.layerChoice()->setCurrentIndex(0);
        QCOMPARE(page.featureMapCount(), 32);
        page.layerChoice()->setCurrentIndex(2); // MaxPool2d
        QCOMPARE(page.featureMapCount(), 32);
        page.layerChoice()->setCurrentIndex(4); // Linear: one row of 4 logits
        QCOMPARE(page.featureMapCount(), 1);

        // Another class's map differs from the predicted one's (here: of the least likely class).
        const QImage predicted = page.camImage();
        const QString least = page.topTable()->item(3, 0)->text();
        page.camClass()->setCurrentIndex(page.camClass()->findText(least));
        QVERIFY(page.camImage() != predicted);

        // A file: decoded and resized like training data; a broken one is named.
        const QString png = m_tmp.filePath(QStringLiteral("big.png"));
        QImage big(100, 80, QImage::Format_RGB888);
        big.fill(QColor(200, 40, 40));
        QVERIFY(big.save(png));
        QVERIFY(page.openImage(png));
        QCOMPARE(updated.count(), 2);
        QVERIFY(page.message()->text().contains(QStringLiteral("big.png")));
        const QString broken = m_tmp.filePath(QStringLiteral("broken.png"));
        test::writeBytes(broken.toStdString(), {1, 2, 3});
        QVERIFY(!page.openImage(broken));
        QVERIFY(page.message()->text().contains(QStringLiteral("broken.png")));
    }

    void twoRunsOverlaidWithTheirDifferences()
    {
        const fs::path runs = fs::path(m_tmp.path().toStdString()) / "runs";
        const engine::Dataset data = engine::Dataset::load(m_noise);
        std::vector<engine::RunResult> results;
        for (const double rate : {1e-3, 3e-3}) {
            engine::TrainConfig config;
            config.epochs = 2;
            config.batchSize = 16;
            config.device = "cpu";
            config.learningRate = rate;
            config.outDir = runs / (rate < 2e-3 ? "run-a" : "run-b");
            results.push_back(engine::Trainer(config).run(data));
        }
        engine::DeviceInfo devices;
        ui::MainWindow window(devices);
        ui::RunsPage* page = window.runsPage();
        page->refresh(runs);
        QCOMPARE(page->runTable()->rowCount(), 2);
        QVERIFY(page->overlaidSeries().isEmpty());
        // Tick both, as a user does.
        for (int row = 0; row < 2; ++row)
            page->runTable()->item(row, 0)->setCheckState(Qt::Checked);
        const QList<QList<QPointF>> series = page->overlaidSeries();
        QCOMPARE(series.size(), 2);
        for (int i = 0; i < 2; ++i) {
            const std::string name = page->overlaidNames()[i].toStdString();
            const engine::RunResult& run = results[name == "run-a" ? 0 : 1];
            QCOMPARE(series[i].size(), 2);
            for (int e = 0; e < 2; ++e) {
                QCOMPARE(series[i][e].x(), e + 1.0);
                QVERIFY(
                    std::abs(series[i][e].y() - 100.0 * run.epochs[static_cast<std::size_t>(e)].testAccuracy) < 1e-3);
            }
        }
        // What differs: the learning rate (and the output folder), nothing else of the experiment.
        QTableWidget* differences = page->differenceTable();
        QStringList keys;
        for (int row = 0; row < differences->rowCount(); ++row)
            keys << differences->item(row, 0)->text();
        QVERIFY2(keys.contains(QStringLiteral("training.learning_rate")), qPrintable(keys.join(QLatin1Char(','))));
        QVERIFY2(!keys.contains(QStringLiteral("training.batch_size")), qPrintable(keys.join(QLatin1Char(','))));
        // Untick one: one series left.
        page->runTable()->item(0, 0)->setCheckState(Qt::Unchecked);
        QCOMPARE(page->overlaidSeries().size(), 1);
        // Each row names its dataset and says how the run ended.
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(page->runTable()->item(row, 1)->text(), QString::fromStdString(data.info().name));
            QCOMPARE(page->runTable()->item(row, 8)->text(), ui::EngineText::runStatus("finished"));
        }
        QVERIFY(!page->hint()->text().contains(QStringLiteral("not comparable")));

        // Clone and tweak: the run's settings become the window's new, unsaved experiment.
        const int row = page->overlaidNames().front() == QStringLiteral("run-b") ? 1 : 0;
        page->runTable()->setCurrentCell(row, 0);
        QTest::mouseClick(page->cloneButton(), Qt::LeftButton);
        QCOMPARE(window.trainingSettings()->config().learningRate, 3e-3);
        QVERIFY(window.isWindowModified());
        QCOMPARE(window.tabs()->currentIndex(), 1);
    }

    // Runs on different data are told apart: a dataset column, a "dataset" row first among the
    // differences, and a hint that their accuracies do not compare.
    void runsOnOtherDataAreMarked()
    {
        const fs::path runs = fs::path(m_tmp.path().toStdString()) / "mixed-runs";
        const fs::path other = fs::path(m_tmp.path().toStdString()) / "other";
        test::writeCifar10(other, {.recordsPerTrainBatch = 16, .testRecords = 16, .classCount = 4});
        for (const fs::path& folder : {m_noise, other}) {
            engine::TrainConfig config;
            config.epochs = 1;
            config.batchSize = 16;
            config.device = "cpu";
            config.outDir = runs / folder.filename();
            (void)engine::Trainer(config).run(engine::Dataset::load(folder));
        }
        engine::DeviceInfo devices;
        ui::MainWindow window(devices);
        ui::RunsPage* page = window.runsPage();
        page->refresh(runs);
        QCOMPARE(page->runTable()->rowCount(), 2);
        page->tickNewest(2);
        QTableWidget* differences = page->differenceTable();
        QVERIFY(differences->rowCount() >= 1);
        QCOMPARE(differences->item(0, 0)->text(), QStringLiteral("dataset"));
        QVERIFY(differences->item(0, 1)->text() != differences->item(0, 2)->text());
        QVERIFY2(page->hint()->text().contains(QStringLiteral("not comparable")), qPrintable(page->hint()->text()));
        QVERIFY(page->runTable()->item(0, 1)->toolTip().contains(QStringLiteral("fingerprint")));
    }

    void learningRateFinderSuggestsAndApplies()
    {
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        ui::MainWindow window(devices);
        window.openDataset(m_noise);
        window.newExperiment();
        engine::LrFinderOptions options;
        options.startRate = 1e-6;
        options.endRate = 10.0;
        options.steps = 40;
        ui::LrFinderDialog* dialog = window.findLearningRate(options);
        QVERIFY(dialog != nullptr);
        QSignalSpy finished(dialog, &ui::LrFinderDialog::finished);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toBool(), true);
        QTRY_COMPARE(dialog->pointsShown(), static_cast<int>(dialog->result().points.size()));
        QVERIFY(dialog->pointsShown() >= 5);
        const double suggested = dialog->result().suggestedRate;
        QVERIFY(suggested > options.startRate && suggested < options.endRate);
        QVERIFY(dialog->useButton()->isEnabled());
        QTest::mouseClick(dialog->useButton(), Qt::LeftButton);
        QCOMPARE(window.trainingSettings()->config().learningRate, suggested);
        QVERIFY(window.isWindowModified());
    }
};

QTEST_MAIN(TestResults)
#include "test_results.moc"
