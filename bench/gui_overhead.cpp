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

// What cnnwb's console observer costs per batch: it reads every batch's metrics.
struct ConsumingObserver : engine::TrainingObserver {
    double sink = 0.0;
    void onBatch(const engine::BatchMetrics& m) override { sink += m.loss + m.accuracy; }
};

// The GUI thread's event latency: a 10 ms timer whose lateness is each event's wait; the waits over
// 100 ms are kept with what the GUI thread was last told before them, to say where a stall comes from.
class LatencyProbe {
public:
    explicit LatencyProbe(const ui::TrainingBridge* bridge)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
        QObject::connect(bridge, &ui::TrainingBridge::epochFinished, [this] { m_lastEvent = "epochFinished"; });
        QObject::connect(bridge, &ui::TrainingBridge::batchesReady, [this] { m_lastEvent = "batchesReady"; });
        QObject::connect(bridge, &ui::TrainingBridge::finished, [this] { m_lastEvent = "finished"; });
        QObject::connect(bridge, &ui::TrainingBridge::statusChanged, [this] { m_lastEvent = "statusChanged"; });
    }

    void start()
    {
        m_clock.start();
        m_expected = 10;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    void report()
    {
        std::sort(m_lateness.begin(), m_lateness.end());
        const auto percentile = [&](double p) {
            return m_lateness.empty()
                ? 0.0
                : m_lateness[static_cast<std::size_t>(p * static_cast<double>(m_lateness.size() - 1))];
        };
        std::printf("GUI event latency over %zu probes: p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 <= 50 ms)\n",
            m_lateness.size(), percentile(0.5), percentile(0.99), m_lateness.empty() ? 0.0 : m_lateness.back());
        for (const Stall& stall : m_stalls)
            std::printf("  a %.0f ms wait at %.2f s, after %s\n", stall.ms, static_cast<double>(stall.at) / 1000.0,
                stall.after);
    }

private:
    struct Stall {
        double ms;
        qint64 at;
        const char* after;
    };

    void tick()
    {
        const qint64 now = m_clock.elapsed();
        m_lateness.push_back(static_cast<double>(std::max<qint64>(0, now - m_expected)));
        if (m_lateness.back() > 100.0)
            m_stalls.push_back({m_lateness.back(), now, m_lastEvent});
        m_expected = now + 10;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expected = 0;
    std::vector<double> m_lateness;
    std::vector<Stall> m_stalls;
    const char* m_lastEvent = "start";
};

// One run from the window, started as Train -> Start does; false when it cannot start.
bool trainFromWindow(ui::MainWindow& window)
{
    QEventLoop loop;
    const auto connection
        = QObject::connect(window.trainingBridge(), &ui::TrainingBridge::runningChanged, [&](bool running) {
              if (!running)
                  loop.quit();
          });
    if (!window.startTraining())
        return false;
    loop.exec();
    QObject::disconnect(connection);
    return true;
}

// The run's end starts the Results gallery and the Insight model loading on worker threads; the
// next round waits for them, as a user looks at the results before the next run.
void waitForResults(ui::MainWindow& window)
{
    int pending = 2;
    QEventLoop afterwards;
    const auto done = [&] {
        if (--pending == 0)
            afterwards.quit();
    };
    const auto gallery = QObject::connect(window.resultsPage(), &ui::ResultsPage::galleryReady, done);
    const auto insight = QObject::connect(window.insightPage(), &ui::InsightPage::loaded, done);
    QTimer::singleShot(120000, &afterwards, &QEventLoop::quit);
    afterwards.exec();
    QObject::disconnect(gallery);
    QObject::disconnect(insight);
}

void reportSpeed(const std::vector<engine::EpochMetrics>& guiEpochs,
    const std::vector<engine::EpochMetrics>& engineEpochs, int rounds, int epochs)
{
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
    if (ratios.empty())
        return;
    std::printf("per round:");
    for (const double r : ratios)
        std::printf(" %.1f %%", 100.0 * r);
    std::sort(ratios.begin(), ratios.end());
    const std::size_t n = ratios.size();
    const double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0;
    std::printf("; median %.1f %%\n", 100.0 * median);
}

} // namespace

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

    LatencyProbe probe(window.trainingBridge());
    std::vector<engine::EpochMetrics> guiEpochs;
    std::vector<engine::EpochMetrics> engineEpochs;
    bool measuringLatency = true;
    QObject::connect(window.trainingBridge(), &ui::TrainingBridge::epochFinished, [&](const engine::EpochMetrics& m) {
        if (!measuringLatency)
            guiEpochs.push_back(m);
    });
    QObject::connect(window.trainingBridge(), &ui::TrainingBridge::started, [&] {
        if (measuringLatency)
            probe.start();
    });

    // Round 0 measures the GUI's event latency with the probe running; the probe wakes the GUI
    // thread 100 times a second, so the throughput rounds after it run without it. They alternate
    // GUI and engine runs, so that drifts of a noisy machine hit both alike.
    for (int round = 0; round <= rounds; ++round) {
        measuringLatency = round == 0;
        // 1. From the GUI: the real window, charts visible.
        if (!trainFromWindow(window)) {
            std::fprintf(stderr, "cannot start training from the GUI\n");
            return 1;
        }
        probe.stop();
        waitForResults(window);
        if (measuringLatency)
            continue;
        // 2. Straight through the engine on the main thread, as cnnwb train does.
        ConsumingObserver observer;
        const engine::RunResult cli = engine::Trainer(config, window.document()->spec()).run(dataset, &observer);
        engineEpochs.insert(engineEpochs.end(), cli.epochs.begin(), cli.epochs.end());
    }
    reportSpeed(guiEpochs, engineEpochs, rounds, epochs);
    probe.report();
    return 0;
}
