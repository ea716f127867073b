// streaming_loader DATA_DIR [IMAGES] [WORKERS] [PYTHON]
//
// The streaming loader (issue 19) on photos that are decoded batch by batch: the CIFAR-10 JPEG training
// images re-encoded at 224 x 224 (made here, in a temporary folder), decoded + resized + augmented (crop
// pad 4, flip, normalize) by cnnwb's BatchStream with WORKERS threads, against torchvision's ImageFolder +
// DataLoader with WORKERS processes (bench/streaming_torchvision.py, the venv's Python), side by side:
// images/s and images/s per worker. Then one training epoch on the streamed set (input 64, the seed CNN,
// every core) and the share of its training time the steps waited for images.
#include "command_output.h"
#include "train/batch_stream.h"

#include "cnnwb/engine/data/dataset.h"
#include "cnnwb/engine/model/presets.h"
#include "cnnwb/engine/train/trainer.h"
#include "cnnwb/engine/train/training_observer.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>

namespace fs = std::filesystem;
using namespace cnnwb;
using Clock = std::chrono::steady_clock;

namespace {

// The first images/10 of each class of DATA_DIR/train, enlarged to 224 (bicubic) as JPEG quality 90.
fs::path makePhotos(const fs::path& data, int images, const fs::path& out)
{
    const fs::path train = fs::exists(data / "train") ? data / "train" : data / "cifar10-jpeg" / "train";
    int written = 0;
    for (const auto& classDir : fs::directory_iterator(train)) {
        std::vector<fs::path> files;
        for (const auto& file : fs::directory_iterator(classDir))
            files.push_back(file.path());
        std::sort(files.begin(), files.end());
        files.resize(std::min<std::size_t>(files.size(), static_cast<std::size_t>(images / 10)));
        fs::create_directories(out / classDir.path().filename());
        for (const fs::path& file : files) {
            cv::Mat image = cv::imread(file.string(), cv::IMREAD_COLOR);
            cv::resize(image, image, {224, 224}, 0, 0, cv::INTER_CUBIC);
            cv::imwrite(
                (out / classDir.path().filename() / file.filename()).string(), image, {cv::IMWRITE_JPEG_QUALITY, 90});
            ++written;
        }
    }
    std::printf("made %d photos of 224 x 224 in %s\n", written, out.c_str());
    return out;
}

// Every training image once, in shuffled batches of 64, through the stream: images per second
// from the first batch on (the threads' start excluded, as for the DataLoader).
double streamRate(const engine::Dataset& dataset, int workers, const engine::AugmentationSpec* augmentation)
{
    std::vector<std::int64_t> order(static_cast<std::size_t>(dataset.size(engine::Split::Train)));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937_64(0));
    std::vector<std::vector<std::int64_t>> batches;
    for (std::size_t i = 0; i < order.size(); i += 64)
        batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(i),
            order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), i + 64)));
    engine::BatchStream stream(
        dataset, {.workers = workers, .depth = 2 * workers, .augmentation = augmentation, .seed = 0});
    stream.startEpoch(1, batches);
    (void)stream.next();
    const auto start = Clock::now();
    std::int64_t images = 0;
    for (std::size_t b = 1; b < batches.size(); ++b)
        images += stream.next().size(0);
    return static_cast<double>(images) / std::chrono::duration<double>(Clock::now() - start).count();
}

double torchvisionRate(const std::string& python, const fs::path& folder, int workers)
{
    const std::string command = python + " " + CNNWB_SOURCE_DIR + "/bench/streaming_torchvision.py '" + folder.string()
        + "' " + std::to_string(workers);
    const std::string output = bench::commandOutput(command);
    try {
        return nlohmann::json::parse(output).at("images_per_second").get<double>();
    } catch (const std::exception&) {
        std::fprintf(stderr, "torchvision reference failed: %s\n", output.c_str());
        return 0.0;
    }
}

struct EpochRecorder final : engine::TrainingObserver {
    engine::EpochMetrics last;
    void onEpoch(const engine::EpochMetrics& metrics) override { last = metrics; }
};

void trainingWait(const fs::path& folder)
{
    engine::DataOptions options;
    options.inputSize = {64, 64};
    options.loader = engine::LoaderKind::Stream;
    const engine::Dataset dataset = engine::Dataset::load(folder, options);
    engine::TrainConfig config;
    config.device = "cpu";
    config.augmentation.crop.enabled = true;
    config.augmentation.horizontalFlip.enabled = true;
    EpochRecorder recorder;
    (void)engine::Trainer(config).run(dataset, &recorder);
    const double trainSeconds = static_cast<double>(dataset.size(engine::Split::Train)) / recorder.last.imagesPerSecond;
    std::printf("training one epoch streamed at 64 x 64 (seed CNN, every core): %.0f img/s, waited %.2f s for "
                "images = %.1f %% of %.1f s training (goal <= 5 %%)\n",
        recorder.last.imagesPerSecond, recorder.last.dataWaitSeconds,
        100.0 * recorder.last.dataWaitSeconds / trainSeconds, trainSeconds);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DATA_DIR [IMAGES] [WORKERS] [PYTHON]\n", argv[0]);
        return 2;
    }
    const int images = argc > 2 ? std::stoi(argv[2]) : 3000;
    const int workers = argc > 3 ? std::stoi(argv[3]) : 2;
    const std::string python = argc > 4 ? argv[4] : CNNWB_BENCH_PYTHON;
    const fs::path tmp = fs::temp_directory_path() / ("cnnwb-stream-bench-" + std::to_string(::getpid()));
    ::setenv("CNNWB_CACHE_DIR", (tmp / "cache").c_str(), 1);
    const fs::path photos = makePhotos(argv[1], images, tmp / "cifar224");

    engine::DataOptions options;
    options.inputSize = {224, 224};
    options.loader = engine::LoaderKind::Stream;
    options.testShare = 0.01;
    const engine::Dataset dataset = engine::Dataset::load(photos, options);
    engine::AugmentationSpec spec;
    spec.crop.enabled = true;
    spec.horizontalFlip.enabled = true;

    const double plain = streamRate(dataset, workers, nullptr);
    const double augmented = streamRate(dataset, workers, &spec);
    const double reference = torchvisionRate(python, photos, workers);
    std::printf("%d workers, %lld images of 224 x 224, batch 64:\n", workers,
        static_cast<long long>(dataset.size(engine::Split::Train)));
    std::printf("  cnnwb decode + resize:               %8.0f img/s (%6.0f per worker)\n", plain, plain / workers);
    std::printf(
        "  cnnwb decode + resize + augment:     %8.0f img/s (%6.0f per worker)\n", augmented, augmented / workers);
    std::printf(
        "  torchvision ImageFolder + DataLoader: %7.0f img/s (%6.0f per worker)\n", reference, reference / workers);
    if (reference > 0)
        std::printf("  ratio (augmented): %.2fx torchvision per core (goal >= 2x)\n", augmented / reference);
    trainingWait(photos);
    fs::remove_all(tmp);
    return 0;
}
