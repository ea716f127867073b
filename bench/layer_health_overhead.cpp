// What layer health costs (docs/layer-health.md): the same training run with the statistics off
// (--health-every 0) and on (the default, every 50 steps, health.jsonl, the epoch's histograms and
// pictures), alternating in one process so that the machine's drift hits both alike. Prints each
// round's training images/s and whole-run seconds, and the median ratios on / off, after a warm-up
// run that is not counted.
//
//   bench_layer_health DATA_DIR [EPOCHS] [ROUNDS] [HEALTH_EVERY] [THREADS]

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

using namespace cnnwb;
namespace fs = std::filesystem;

namespace {

struct Round {
    double imagesPerSecond = 0.0; ///< the training steps' own rate, mean over the epochs
    double seconds = 0.0;         ///< the whole run: steps, evaluation, the epoch's health, the files
};

Round train(const engine::Dataset& data, engine::TrainConfig config, const fs::path& out)
{
    fs::remove_all(out);
    config.outDir = out;
    const auto start = std::chrono::steady_clock::now();
    const engine::RunResult result = engine::Trainer(config).run(data);
    Round round;
    round.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const engine::EpochMetrics& m : result.epochs)
        round.imagesPerSecond += m.imagesPerSecond / static_cast<double>(result.epochs.size());
    return round;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DATA_DIR [EPOCHS] [ROUNDS] [HEALTH_EVERY] [THREADS]\n", argv[0]);
        return 2;
    }
    const int epochs = argc > 2 ? std::atoi(argv[2]) : 1;
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
    const int every = argc > 4 ? std::atoi(argv[4]) : engine::TrainConfig{}.healthEvery;
    const int threads = argc > 5 ? std::atoi(argv[5]) : 0;
    const engine::Dataset data = engine::Dataset::load(argv[1]);
    engine::TrainConfig config;
    config.epochs = epochs;
    config.device = "cpu";
    config.threads = threads;
    const fs::path out = fs::temp_directory_path() / ("cnnwb-bench-health-" + std::to_string(::getpid()));

    std::printf("layer health on (every %d steps) vs off: seed CNN, %lld training images, %d epoch(s), batch %d, "
                "%d round(s)\n",
        every, static_cast<long long>(data.size(engine::Split::Train)), epochs, config.batchSize, rounds);
    std::printf(
        "%-6s %14s %14s %10s %10s %8s %8s\n", "round", "off img/s", "on img/s", "off s", "on s", "img/s", "wall");
    // The first run in a process is slower (allocator, thread pool, page cache): not counted.
    engine::TrainConfig warmUp = config;
    warmUp.healthEvery = 0;
    (void)train(data, warmUp, out / "warm-up");
    std::vector<double> rateRatios;
    std::vector<double> wallRatios;
    for (int r = 0; r < rounds; ++r) {
        // Alternate which goes first: the first run of a pair meets a cooler (or warmer) machine.
        engine::TrainConfig off = config;
        off.healthEvery = 0;
        engine::TrainConfig on = config;
        on.healthEvery = every;
        Round a;
        Round b;
        if (r % 2 == 0) {
            a = train(data, off, out / "off");
            b = train(data, on, out / "on");
        } else {
            b = train(data, on, out / "on");
            a = train(data, off, out / "off");
        }
        rateRatios.push_back(b.imagesPerSecond / a.imagesPerSecond);
        wallRatios.push_back(a.seconds / b.seconds);
        std::printf("%-6d %14.0f %14.0f %10.2f %10.2f %7.1f%% %7.1f%%\n", r + 1, a.imagesPerSecond, b.imagesPerSecond,
            a.seconds, b.seconds, 100.0 * rateRatios.back(), 100.0 * wallRatios.back());
    }
    std::printf(
        "median: training images/s with health %.1f %% of without; whole run %.1f %% as fast (goal: >= 97 %%)\n",
        100.0 * median(rateRatios), 100.0 * median(wallRatios));
    std::error_code ignored;
    fs::remove_all(out, ignored);
    return 0;
}
