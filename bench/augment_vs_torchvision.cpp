// Augmentation throughput against torchvision, on the same images in the same run.
//
//   augment_vs_torchvision DATA_DIR [PYTHON] [IMAGES]
//
// Per core (one thread each): images/s of random crop (pad 4) + horizontal flip + normalize on the
// dataset's training images, cnnwb's pipeline against torchvision's tensor (v2) and PIL pipelines,
// run by bench/augment_torchvision.py on the very same images. Then, for context: the whole op set
// on one thread, the batch pipeline on every core, and the time to render the Data page's 8x4
// preview grid. Prints the ratios; the goal is >= 10x torchvision per core.

#include "augment/augmented_batch.h"
#include "command_output.h"

#include "cnnwb/engine/augment/augmentation_preview.h"
#include "cnnwb/engine/augment/normalization.h"
#include "cnnwb/engine/data/dataset.h"

#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <thread>

using namespace cnnwb;
using Clock = std::chrono::steady_clock;

namespace {

template <typename F> double imagesPerSecond(std::int64_t perCall, F&& call, double minSeconds = 1.0)
{
    std::int64_t images = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    do {
        call();
        images += perCall;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < minSeconds);
    return static_cast<double>(images) / elapsed;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DATA_DIR [PYTHON] [IMAGES]\n", argv[0]);
        return 2;
    }
    const std::string python = argc > 2 ? argv[2] : CNNWB_BENCH_PYTHON;
    const engine::Dataset dataset = engine::Dataset::load(argv[1]);
    const engine::ImageShape shape = dataset.info().shape;
    const std::int64_t count
        = std::min<std::int64_t>(argc > 3 ? std::stoll(argv[3]) : 5000, dataset.size(engine::Split::Train));
    const std::uint8_t* images = dataset.pixels(engine::Split::Train).data();
    const std::int64_t pixels = shape.elementCount();

    engine::AugmentationSpec classic;
    classic.crop.enabled = true;
    classic.horizontalFlip.enabled = true;
    classic.normalize = *engine::normalizationPreset("cifar10");
    std::vector<float> out(static_cast<std::size_t>(count * pixels));
    int epoch = 0;
    const auto oneThread = [&](const engine::AugmentationSpec& spec) {
        return imagesPerSecond(count, [&] {
            ++epoch;
            for (std::int64_t i = 0; i < count; ++i)
                engine::augmentImage(
                    images + i * pixels, shape, spec, engine::sampleSeed(0, epoch, i), out.data() + i * pixels);
        });
    };
    const double cnnwbClassic = oneThread(classic);

    const std::filesystem::path raw = std::filesystem::temp_directory_path() / "cnnwb_bench_augment.u8";
    std::ofstream(raw, std::ios::binary).write(reinterpret_cast<const char*>(images), count * pixels);
    const std::string reply = bench::commandOutput(python + " " + CNNWB_SOURCE_DIR + "/bench/augment_torchvision.py "
        + raw.string() + " " + std::to_string(count) + " " + std::to_string(shape.channels) + " "
        + std::to_string(shape.height) + " " + std::to_string(shape.width));
    std::filesystem::remove(raw);
    nlohmann::json tv;
    try {
        tv = nlohmann::json::parse(reply.substr(reply.find('{')));
    } catch (const std::exception&) {
        std::fprintf(stderr, "torchvision side failed: %s\n", reply.c_str());
        return 1;
    }
    const double tensorV2 = tv["tensor_v2"].get<double>();
    const double pil = tv["pil"].get<double>();

    engine::AugmentationSpec all = classic;
    all.rotation.enabled = all.affine.enabled = all.colorJitter.enabled = true;
    all.grayscale.enabled = all.blur.enabled = all.cutout.enabled = true;
    const double cnnwbAll = oneThread(all);

    const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    at::set_num_threads(cores);
    std::vector<std::int64_t> indices(static_cast<std::size_t>(count));
    std::iota(indices.begin(), indices.end(), 0);
    const double batchClassic = imagesPerSecond(
        count, [&] { engine::augmentBatch(images, shape, indices.data(), count, classic, 0, ++epoch, out.data()); });

    engine::PreviewOptions preview;
    preview.showOriginal = true;
    engine::AugmentationSpec previewSpec = classic;
    previewSpec.colorJitter.enabled = true;
    int renders = 0;
    const double rendersPerSecond = imagesPerSecond(1, [&] {
        preview.epoch = ++renders;
        (void)engine::renderPreviewGrid(dataset, previewSpec, preview);
    });

    std::printf("augmentation on %lld training images of %s (%s), torch %s, torchvision %s\n",
        static_cast<long long>(count), shape.toString().c_str(), dataset.info().name.c_str(),
        tv["torch"].get<std::string>().c_str(), tv["torchvision"].get<std::string>().c_str());
    std::printf("\n%-52s %14s %10s\n", "crop(pad 4) + hflip + normalize, one thread", "images/s", "cnnwb is");
    std::printf("%-52s %14.0f\n", "cnnwb", cnnwbClassic);
    std::printf(
        "%-52s %14.0f %9.1fx\n", "torchvision transforms.v2 on uint8 tensors", tensorV2, cnnwbClassic / tensorV2);
    std::printf(
        "%-52s %14.0f %9.1fx\n", "torchvision PIL + ToTensor (the tutorials' pipeline)", pil, cnnwbClassic / pil);
    std::printf("\n%-52s %14.0f\n", "cnnwb, all nine ops on, one thread", cnnwbAll);
    std::printf("%-52s %14.0f  (%.2fx one thread)\n",
        ("cnnwb batch pipeline, crop+flip, " + std::to_string(cores) + " threads").c_str(), batchClassic,
        batchClassic / cnnwbClassic);
    std::printf("%-52s %14.1f ms\n", "8x4 preview grid with originals, one render", 1000.0 / rendersPerSecond);
    std::printf("\ngoal: >= 10x torchvision per core -> %s (%.1fx the faster torchvision path)\n",
        cnnwbClassic >= 10.0 * std::max(tensorV2, pil) ? "met" : "NOT met", cnnwbClassic / std::max(tensorV2, pil));
    return 0;
}
