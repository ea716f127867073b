#include "console_observer.h"

#include "interrupt.h"

#include "cnnwb/engine/train/training_control.h"
#include "cnnwb/engine/train/training_metrics.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace cnnwb::app {

void ConsoleObserver::onRunStarted(const engine::RunInfo& info)
{
    std::printf("training on %s: %lld train / %lld test images, %d batches per epoch, %lld parameters\n",
        info.deviceName.c_str(), static_cast<long long>(info.trainCount), static_cast<long long>(info.testCount),
        info.batchesPerEpoch, static_cast<long long>(info.parameterCount));
    m_epochs = info.epochs;
    std::fflush(stdout);
}

void ConsoleObserver::onBatch(const engine::BatchMetrics& m)
{
    // The signal handler only sets a flag; the stop request is made here, on the training thread.
    if (interrupted() && m_control != nullptr)
        m_control->requestStop();
    m_runningLoss += m.loss;
    if (m.batch % kReportEvery == 0) {
        clearBar();
        std::printf("[%d, %5d] loss: %.3f\n", m.epoch, m.batch, m_runningLoss / kReportEvery);
        m_runningLoss = 0.0;
    }
    if (m.batch == m.batchesPerEpoch)
        m_runningLoss = 0.0;
    drawBar(m);
    std::fflush(stdout);
}

void ConsoleObserver::onEpoch(const engine::EpochMetrics& m)
{
    clearBar();
    std::printf("epoch %d/%d: train loss %.4f, train accuracy %.2f %%, test loss %.4f, test accuracy %.2f %%, "
                "%.0f images/s, %.1f s\n",
        m.epoch, m_epochs, m.trainLoss, 100.0 * m.trainAccuracy, m.testLoss, 100.0 * m.testAccuracy, m.imagesPerSecond,
        m.seconds);
    if (m.epoch <= m_epochsFromCheckpoint)
        std::printf("  (trained before, from the checkpoint)\n");
    // What the run's layer-health checks saw during the epoch (docs/layer-health.md).
    for (const auto& diagnosis : m.diagnoses)
        std::printf(
            "  diagnosis: %s - try: %s\n", diagnosis.message.english().c_str(), diagnosis.suggestion.english().c_str());
    std::fflush(stdout);
}

void ConsoleObserver::onFinished(const engine::RunResult& /*result*/)
{
    clearBar();
}

// On a terminal: one line redrawn in place, at most 10 times a second.
void ConsoleObserver::drawBar(const engine::BatchMetrics& m)
{
    if (!m_progressBar)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m.batch != m.batchesPerEpoch && now - m_lastDraw < std::chrono::milliseconds(100))
        return;
    m_lastDraw = now;
    constexpr int kWidth = 30;
    const int filled = m.batch * kWidth / std::max(1, m.batchesPerEpoch);
    std::printf("\r\033[Kepoch %d/%d [%s%s] %d/%d loss %.3f  %.0f img/s", m.epoch, m_epochs,
        std::string(static_cast<std::size_t>(filled), '#').c_str(),
        std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), m.batch, m.batchesPerEpoch, m.loss,
        m.imagesPerSecond);
    m_barShown = true;
}

void ConsoleObserver::clearBar()
{
    if (m_barShown)
        std::printf("\r\033[K");
    m_barShown = false;
}

} // namespace cnnwb::app
