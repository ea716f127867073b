// GUI overhead benchmark: the same training run from the workbench's window (worker thread, live
// charts, offscreen) and straight through the engine as cnnwb does, in one process, side by side;
// and the GUI thread's event latency during the GUI run, measured with a 10 ms timer probe.
//
//   bench_gui_overhead DATA_DIR [EPOCHS] [ROUNDS]   (QT_QPA_PLATFORM=offscreen, or under X11)
//
// Goals (issue "Training engine on a worker thread"): GUI images/s >= 97 % of the engine's, and
// p99 GUI event latency <= 50 ms.

#include "ui/app/main_window.h"
#include "ui/model/model_document.h"
#include "ui/results/insight_page.h"
#include "ui/results/results_page.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/threads.h"
#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/trainer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace cnnwb;

namespace {

double meanImagesPerSecond(const std::vector<engine::EpochMetrics>& epochs)
{
    double sum = 0.0;
    for (const auto& e : epochs)
        sum += e.imagesPerSecond;
    return epochs.empty() ? 0.0 : sum / static_cast<double>(epochs.size());
}

} // namespace

// What cnnwb's console observer costs per batch: it reads every batch's metrics.
struct ConsumingObserver : engine::TrainingObserver {
    double sink = 0.0;
    void onBatch(const engine::BatchMetrics& m) override { sink += m.loss + m.accuracy; }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DATA_DIR [EPOCHS] [ROUNDS]\n", argv[0]);
        return 2;
    }
    const QString data = QString::fromLocal8Bit(argv[1]);
    const int epochs = argc > 2 ? std::atoi(argv[2]) : 1;
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 2;
    engine::configureThreads(0);

    ui::MainWindow window(engine::probeDevices());
    window.show();
    window.openDataset(data.toStdString());
    window.newExperiment();
    engine::TrainConfig config = window.trainingSettings()->config();
    config.epochs = epochs;
    config.device = "cpu";
    window.trainingSettings()->setConfig(config);
    const engine::Dataset dataset = engine::Dataset::load(data.toStdString());

    std::vector<double> lateness;
    // The long waits and what the GUI thread was last told before each: where a stall comes from.
    struct Stall {
        double ms;
        qint64 at;
        const char* after;
    };
    std::vector<Stall> stalls;
    const char* lastEvent = "start";
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    qint64 expected = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        lateness.push_back(static_cast<double>(std::max<qint64>(0, now - expected)));
        if (lateness.back() > 100.0)
            stalls.push_back({lateness.back(), now, lastEvent});
        expected = now + 10;
    });
    std::vector<engine::EpochMetrics> guiEpochs;
    std::vector<engine::EpochMetrics> engineEpochs;
    bool measuringLatency = true;
    QObject::connect(window.trainingBridge(), &ui::TrainingBridge::epochFinished, [&](const engine::EpochMetrics& m) {
        lastEvent = "epochFinished";
        if (!measuringLatency)
            guiEpochs.push_back(m);
    });
    QObject::connect(window.trainingBridge(), &ui::TrainingBridge::batchesReady, [&] { lastEvent = "batchesReady"; });
    QObject::connect(window.trainingBridge(), &ui::TrainingBridge::finished, [&] { lastEvent = "finished"; });
    QObject::connect(window.trainingBridge(), &ui::TrainingBridge::statusChanged, [&] { lastEvent = "statusChanged"; });
    QObject::connect(window.trainingBridge(), &ui::TrainingBridge::started, [&] {
        if (!measuringLatency)
            return;
        clock.start();
        expected = 10;
        probe.start();
    });

    // Round 0 measures the GUI's event latency with the probe running; the probe wakes the GUI
    // thread 100 times a second, so the throughput rounds after it run without it. They alternate
    // GUI and engine runs, so that drifts of a noisy machine hit both alike.
    for (int round = 0; round <= rounds; ++round) {
        measuringLatency = round == 0;
        // 1. From the GUI: the real window, charts visible, started as Train -> Start does.
        QEventLoop loop;
        const auto connection
            = QObject::connect(window.trainingBridge(), &ui::TrainingBridge::runningChanged, [&](bool running) {
                  if (!running)
                      loop.quit();
              });
        if (!window.startTraining()) {
            std::fprintf(stderr, "cannot start training from the GUI\n");
            return 1;
        }
        loop.exec();
        QObject::disconnect(connection);
        probe.stop();
        // The run's end starts the Results gallery and the Insight model loading on worker threads;
        // the next round waits for them, as a user looks at the results before the next run.
        int pending = 2;
        QEventLoop afterwards;
        const auto gallery = QObject::connect(window.resultsPage(), &ui::ResultsPage::galleryReady, [&] {
            if (--pending == 0)
                afterwards.quit();
        });
        const auto insight = QObject::connect(window.insightPage(), &ui::InsightPage::loaded, [&] {
            if (--pending == 0)
                afterwards.quit();
        });
        QTimer::singleShot(120000, &afterwards, &QEventLoop::quit);
        afterwards.exec();
        QObject::disconnect(gallery);
        QObject::disconnect(insight);

        if (measuringLatency)
            continue;
        // 2. Straight through the engine on the main thread, as cnnwb train does.
        ConsumingObserver observer;
        const engine::RunResult cli = engine::Trainer(config, window.document()->spec()).run(dataset, &observer);
        engineEpochs.insert(engineEpochs.end(), cli.epochs.begin(), cli.epochs.end());
    }

    std::sort(lateness.begin(), lateness.end());
    const auto percentile = [&](double p) {
        return lateness.empty() ? 0.0
                                : lateness[static_cast<std::size_t>(p * static_cast<double>(lateness.size() - 1))];
    };
    const double gui = meanImagesPerSecond(guiEpochs);
    const double engineOnly = meanImagesPerSecond(engineEpochs);
    std::printf("\n%-34s %12s %12s\n", "", "GUI run", "engine (CLI)");
    std::printf("%-34s %12.0f %12.0f\n", "images/s (training, mean)", gui, engineOnly);
    std::printf("GUI / engine: %.1f %% (goal >= 97 %%), %d round(s) of %d epoch(s)\n", 100.0 * gui / engineOnly, rounds,
        epochs);
    // Each round's GUI run and engine run follow each other, so they share the machine's drift; the
    // median of the per-round ratios is the estimate least moved by a slow or fast spell.
    std::vector<double> ratios;
    for (std::size_t i = 0; i < guiEpochs.size() && i < engineEpochs.size(); ++i)
        ratios.push_back(guiEpochs[i].imagesPerSecond / engineEpochs[i].imagesPerSecond);
    if (!ratios.empty()) {
        std::printf("per round:");
        for (const double r : ratios)
            std::printf(" %.1f %%", 100.0 * r);
        std::sort(ratios.begin(), ratios.end());
        const std::size_t n = ratios.size();
        const double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0;
        std::printf("; median %.1f %%\n", 100.0 * median);
    }
    std::printf("GUI event latency over %zu probes: p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 <= 50 ms)\n",
        lateness.size(), percentile(0.5), percentile(0.99), lateness.empty() ? 0.0 : lateness.back());
    for (const Stall& stall : stalls)
        std::printf(
            "  a %.0f ms wait at %.2f s, after %s\n", stall.ms, static_cast<double>(stall.at) / 1000.0, stall.after);
    return 0;
}
