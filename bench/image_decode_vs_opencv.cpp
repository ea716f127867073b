// The engine's image decoders (TurboJPEG for JPEG, libpng for PNG) against cv::imdecode, the
// decoder they replaced, on the same encoded bytes, one thread, in one process:
//   bench_image_decode DATA_DIR [IMAGES]
// DATA_DIR is an ImageFolder tree (the CIFAR-10 JPEG set); the first IMAGES (default 5,000) image
// files below it are read into memory once, then each decoder decodes all of them, best of three
// rounds. Prints images/s for both, the ratio, and whether every image decoded to the same pixels.
#include "data/image_decode.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

namespace {

std::vector<Bytes> readImages(const fs::path& root, std::size_t count)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".jpg" || ext == ".jpeg" || ext == ".png"))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    files.resize(std::min(files.size(), count));
    std::vector<Bytes> images;
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        images.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return images;
}

double bestRate(const std::vector<Bytes>& images, const std::function<cv::Mat(const Bytes&)>& decode)
{
    double best = 0;
    for (int round = 0; round < 3; ++round) {
        const auto start = std::chrono::steady_clock::now();
        for (const Bytes& image : images)
            (void)decode(image);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, static_cast<double>(images.size()) / seconds);
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_image_decode DATA_DIR [IMAGES]\n");
        return 2;
    }
    cv::setNumThreads(1);
    const std::vector<Bytes> images = readImages(argv[1], argc > 2 ? std::stoul(argv[2]) : 5000);
    if (images.empty()) {
        std::fprintf(stderr, "no .jpg/.png files below %s\n", argv[1]);
        return 2;
    }
    const auto engineDecode
        = [](const Bytes& b) { return cnnwb::engine::decodeImage(b, "image", cnnwb::engine::ImageColor::Bgr); };
    const auto opencvDecode = [](const Bytes& b) { return cv::imdecode(b, cv::IMREAD_COLOR); };
    std::size_t same = 0;
    for (const Bytes& image : images) {
        const cv::Mat a = engineDecode(image);
        const cv::Mat b = opencvDecode(image);
        same += a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0 ? 1 : 0;
    }
    const double ours = bestRate(images, engineDecode);
    const double theirs = bestRate(images, opencvDecode);
    std::printf("%zu images, one thread, best of 3 rounds\n", images.size());
    std::printf("  engine (TurboJPEG / libpng)  %10.0f images/s\n", ours);
    std::printf("  cv::imdecode                 %10.0f images/s\n", theirs);
    std::printf("  ratio %.2fx; identical pixels: %zu of %zu\n", ours / theirs, same, images.size());
    return same == images.size() ? 0 : 1;
}
