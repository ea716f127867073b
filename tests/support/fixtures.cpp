#include "support/fixtures.h"

#include <netinet/in.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <stdexcept>

namespace cnnwb::test {
namespace {

std::uint32_t hash(std::uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return static_cast<std::uint32_t>(x);
}

void appendBigEndian(std::vector<std::uint8_t>& bytes, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes.push_back(static_cast<std::uint8_t>(value >> shift));
}

void writeMaybeGzip(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes, bool gzip)
{
    if (!gzip) {
        writeBytes(file, bytes);
        return;
    }
    gzFile out = gzopen(file.c_str(), "wb");
    if (out == nullptr
        || gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())) != static_cast<int>(bytes.size()))
        throw std::runtime_error("cannot write " + file.string());
    gzclose(out);
}

} // namespace

std::uint8_t separablePixel(std::int64_t sample, int label, int channel, int row, int column, int side)
{
    const int quadrant = (row >= side / 2 ? 2 : 0) + (column >= side / 2 ? 1 : 0);
    const bool lit = quadrant == label % 4 && (channel == label % 3 || label < 3);
    const auto noise = static_cast<int>(
        hash(static_cast<std::uint64_t>(sample) * 7919 + static_cast<std::uint64_t>(row * side + column) * 31
            + static_cast<std::uint64_t>(channel))
        % 40);
    return static_cast<std::uint8_t>((lit ? 200 : 30) + noise);
}

void writeBytes(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes)
{
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

void truncateFile(const std::filesystem::path& file, std::uintmax_t size)
{
    std::filesystem::resize_file(file, size);
}

void writeCifar10(const std::filesystem::path& dir, const CifarOptions& options)
{
    std::filesystem::create_directories(dir);
    std::int64_t sample = 0;
    auto batch = [&](const std::string& name, int records) {
        std::vector<std::uint8_t> bytes;
        for (int r = 0; r < records; ++r, ++sample) {
            const int label = static_cast<int>(sample % options.classCount);
            bytes.push_back(static_cast<std::uint8_t>(label));
            for (int c = 0; c < 3; ++c)
                for (int y = 0; y < 32; ++y)
                    for (int x = 0; x < 32; ++x)
                        bytes.push_back(separablePixel(sample, label, c, y, x, 32));
        }
        writeBytes(dir / name, bytes);
    };
    for (int i = 1; i <= 5; ++i)
        batch("data_batch_" + std::to_string(i) + ".bin", options.recordsPerTrainBatch);
    batch("test_batch.bin", options.testRecords);
    std::ofstream meta(dir / "batches.meta.txt");
    for (int k = 0; k < options.classCount; ++k)
        meta << "class" << k << '\n';
    meta << '\n'; // the official file ends with a blank line
}

void writeCifar100(const std::filesystem::path& dir, int trainRecords, int testRecords, int classCount)
{
    std::filesystem::create_directories(dir);
    std::int64_t sample = 0;
    auto batch = [&](const std::string& name, int records) {
        std::vector<std::uint8_t> bytes;
        for (int r = 0; r < records; ++r, ++sample) {
            const int fine = static_cast<int>(sample % classCount);
            bytes.push_back(static_cast<std::uint8_t>(fine / 5)); // coarse label: 5 fine classes per superclass
            bytes.push_back(static_cast<std::uint8_t>(fine));
            for (int c = 0; c < 3; ++c)
                for (int y = 0; y < 32; ++y)
                    for (int x = 0; x < 32; ++x)
                        bytes.push_back(separablePixel(sample, fine, c, y, x, 32));
        }
        writeBytes(dir / name, bytes);
    };
    batch("train.bin", trainRecords);
    batch("test.bin", testRecords);
    std::ofstream fine(dir / "fine_label_names.txt");
    for (int k = 0; k < classCount; ++k)
        fine << "fine" << k << '\n';
    std::ofstream coarse(dir / "coarse_label_names.txt");
    for (int k = 0; k < (classCount + 4) / 5; ++k)
        coarse << "coarse" << k << '\n';
}

void writeIdx(const std::filesystem::path& dir, int trainCount, int testCount, bool gzip)
{
    std::filesystem::create_directories(dir);
    const std::string suffix = gzip ? ".gz" : "";
    std::int64_t sample = 0;
    for (const auto& [prefix, count] : {std::pair<std::string, int>{"train", trainCount}, {"t10k", testCount}}) {
        std::vector<std::uint8_t> images;
        std::vector<std::uint8_t> labels;
        appendBigEndian(images, 0x00000803);
        appendBigEndian(images, static_cast<std::uint32_t>(count));
        appendBigEndian(images, 28);
        appendBigEndian(images, 28);
        appendBigEndian(labels, 0x00000801);
        appendBigEndian(labels, static_cast<std::uint32_t>(count));
        for (int i = 0; i < count; ++i, ++sample) {
            const int label = static_cast<int>(sample % 10);
            labels.push_back(static_cast<std::uint8_t>(label));
            for (int y = 0; y < 28; ++y)
                for (int x = 0; x < 28; ++x)
                    images.push_back(separablePixel(sample, label, 0, y, x, 28));
        }
        writeMaybeGzip(dir / (prefix + "-images-idx3-ubyte" + suffix), images, gzip);
        writeMaybeGzip(dir / (prefix + "-labels-idx1-ubyte" + suffix), labels, gzip);
    }
}

void writeImageFolder(const std::filesystem::path& dir, const std::vector<std::string>& classes, int trainPerClass,
    int testPerClass, int side, bool grayscale)
{
    std::int64_t sample = 0;
    for (const auto& [split, perClass] :
        {std::pair<std::string, int>{"train", trainPerClass}, {"test", testPerClass}}) {
        for (std::size_t k = 0; k < classes.size(); ++k) {
            const auto classDir = dir / split / classes[k];
            std::filesystem::create_directories(classDir);
            for (int i = 0; i < perClass; ++i, ++sample) {
                cv::Mat image(side, side, grayscale ? CV_8UC1 : CV_8UC3);
                for (int y = 0; y < side; ++y)
                    for (int x = 0; x < side; ++x) {
                        if (grayscale) {
                            image.at<std::uint8_t>(y, x) = separablePixel(sample, static_cast<int>(k), 0, y, x, side);
                            continue;
                        }
                        auto& bgr = image.at<cv::Vec3b>(y, x);
                        for (int c = 0; c < 3; ++c) // RGB channel c is stored at BGR index 2 - c
                            bgr[2 - c] = separablePixel(sample, static_cast<int>(k), c, y, x, side);
                    }
                char name[32];
                std::snprintf(name, sizeof name, "%04d.png", i);
                if (!cv::imwrite((classDir / name).string(), image))
                    throw std::runtime_error("cannot write image in " + classDir.string());
            }
        }
    }
}

int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    int port = 29500;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0  // NOLINT
        && ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) // NOLINT
        port = ntohs(address.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

} // namespace cnnwb::test
