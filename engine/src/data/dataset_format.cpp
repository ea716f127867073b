#include "cnnwb/engine/data/dataset_format.h"

#include "data/idx_files.h"

#include <system_error>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

std::optional<DatasetFormat> formatOf(const fs::path& folder)
{
    std::error_code ec;
    if (fs::is_regular_file(folder / "data_batch_1.bin", ec) || fs::is_regular_file(folder / "test_batch.bin", ec))
        return DatasetFormat::Cifar10Binary;
    if (fs::is_regular_file(folder / "fine_label_names.txt", ec) && fs::is_regular_file(folder / "train.bin", ec))
        return DatasetFormat::Cifar100Binary;
    if (findIdxFiles(folder))
        return DatasetFormat::Idx;
    if (fs::is_directory(folder / "train", ec))
        return DatasetFormat::ImageFolder;
    return std::nullopt;
}

} // namespace

std::string_view datasetFormatName(DatasetFormat format) noexcept
{
    switch (format) {
    case DatasetFormat::Cifar10Binary:
        return "CIFAR-10 binary";
    case DatasetFormat::Cifar100Binary:
        return "CIFAR-100 binary";
    case DatasetFormat::Idx:
        return "IDX (MNIST)";
    case DatasetFormat::ImageFolder:
        return "ImageFolder";
    }
    return "unknown";
}

std::optional<DetectedDataset> detectDatasetFormat(const fs::path& folder)
{
    std::error_code ec;
    fs::path current = folder;
    // Two levels cover "data/" -> "cifar-10-batches-bin/" and an archive's single top folder.
    for (int depth = 0; depth < 3; ++depth) {
        if (!fs::is_directory(current, ec))
            return std::nullopt;
        if (auto format = formatOf(current))
            return DetectedDataset{*format, current};
        if (fs::is_directory(current / "cifar-10-batches-bin", ec)) {
            current /= "cifar-10-batches-bin";
            continue;
        }
        if (fs::is_directory(current / "cifar-100-binary", ec)) {
            current /= "cifar-100-binary";
            continue;
        }
        std::optional<fs::path> onlyChild;
        int children = 0;
        for (const auto& entry : fs::directory_iterator(current, ec)) {
            const std::string name = entry.path().filename().string();
            if (!name.empty() && name.front() == '.')
                continue;
            if (entry.is_directory()) {
                onlyChild = entry.path();
                ++children;
            }
        }
        if (children != 1)
            return std::nullopt;
        current = *onlyChild;
    }
    return std::nullopt;
}

} // namespace cnnwb::engine
