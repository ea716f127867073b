#pragma once

// Generated test data in the real on-disk formats: small CIFAR-10 binary folders, IDX files and
// ImageFolder trees. Images are separable by construction (class k lights up quadrant k), so a
// short training run can learn them.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cnnwb::test {

/// Pixel value for (sample, channel, row, column) of an image of class `label`: class k brightens
/// quadrant k % 4 (and channel k % 3 for colour images), plus seeded noise.
[[nodiscard]] std::uint8_t separablePixel(std::int64_t sample, int label, int channel, int row, int column, int side);

struct CifarOptions {
    int recordsPerTrainBatch = 40; ///< five train batches
    int testRecords = 40;
    int classCount = 4; ///< batches.meta.txt lists this many names
};

/// Writes data_batch_1..5.bin, test_batch.bin and batches.meta.txt; labels cycle 0..classCount-1.
void writeCifar10(const std::filesystem::path& dir, const CifarOptions& options = {});

/// Writes CIFAR-100's binary layout: train.bin and test.bin (coarse label, fine label, 3072 pixels
/// per record), fine_label_names.txt and coarse_label_names.txt; fine labels cycle 0..classCount-1.
void writeCifar100(const std::filesystem::path& dir, int trainRecords, int testRecords, int classCount = 100);

/// Writes train-/t10k- images and labels as IDX (gzipped when `gzip`), 28x28 grayscale.
void writeIdx(const std::filesystem::path& dir, int trainCount, int testCount, bool gzip);

/// Writes train/<class>/NNNN.png and test/<class>/NNNN.png, `side` x `side`, colour or grayscale.
void writeImageFolder(const std::filesystem::path& dir, const std::vector<std::string>& classes, int trainPerClass,
    int testPerClass, int side = 32, bool grayscale = false);

/// Writes raw bytes to a file (creating folders).
void writeBytes(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes);

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
[[nodiscard]] int freeLoopbackPort();

/// Cuts a file to `size` bytes.
void truncateFile(const std::filesystem::path& file, std::uintmax_t size);

} // namespace cnnwb::test
