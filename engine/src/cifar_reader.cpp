#include "binary_file.h"
#include "dataset_readers.h"

#include "cnnwb/engine/error.h"

#include <fstream>
#include <string>

namespace cnnwb::engine {
namespace {

constexpr int kSide = 32;
constexpr int kPixelsPerRecord = 3 * kSide * kSide;
constexpr std::int64_t kRecordBytes = 1 + kPixelsPerRecord; // label byte, then R, G, B planes

std::vector<std::string> readClassNames(const std::filesystem::path& metaPath)
{
    std::ifstream in(metaPath);
    if (!in)
        throw Error(ErrorCode::InvalidData,
            "class-name file is missing (a CIFAR-10 folder has batches.meta.txt beside the .bin files)",
            {metaPath.string()});
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty())
            names.push_back(line);
    }
    if (names.empty())
        throw Error(ErrorCode::InvalidData, "class-name file lists no classes", {metaPath.string()});
    return names;
}

void appendBatch(const std::filesystem::path& path, std::size_t classCount, SplitData& split)
{
    if (!std::filesystem::exists(path))
        throw Error(ErrorCode::InvalidData, "CIFAR-10 batch file is missing", {path.string()});
    const std::vector<std::uint8_t> bytes = readBinaryFile(path);
    const auto size = static_cast<std::int64_t>(bytes.size());
    if (size == 0 || size % kRecordBytes != 0)
        throw Error(ErrorCode::InvalidData,
            "size " + std::to_string(size)
                + " bytes is not a whole number of 3073-byte CIFAR-10 records "
                  "(the file is truncated or not CIFAR-10 binary)",
            {path.string()});
    const std::int64_t records = size / kRecordBytes;
    split.pixels.reserve(split.pixels.size() + static_cast<std::size_t>(records * kPixelsPerRecord));
    for (std::int64_t r = 0; r < records; ++r) {
        const std::uint8_t* record = bytes.data() + r * kRecordBytes;
        if (record[0] >= classCount)
            throw Error(ErrorCode::InvalidData,
                "label " + std::to_string(record[0]) + " is out of range 0.." + std::to_string(classCount - 1),
                {path.string(), r});
        split.labels.push_back(record[0]);
        // The file's planes are already the planar C x H x W order we keep.
        split.pixels.insert(split.pixels.end(), record + 1, record + kRecordBytes);
    }
}

std::vector<std::filesystem::path> batchFiles(const std::filesystem::path& root, bool train)
{
    if (!train)
        return {root / "test_batch.bin"};
    std::vector<std::filesystem::path> files;
    for (int i = 1; i <= 5; ++i)
        files.push_back(root / ("data_batch_" + std::to_string(i) + ".bin"));
    return files;
}

} // namespace

DatasetInfo inspectCifar10Binary(const std::filesystem::path& root)
{
    DatasetInfo info;
    info.name = "CIFAR-10";
    info.shape = {3, kSide, kSide};
    info.classNames = readClassNames(root / "batches.meta.txt");
    for (const bool train : {true, false}) {
        for (const auto& file : batchFiles(root, train)) {
            std::error_code ec;
            const auto size = static_cast<std::int64_t>(std::filesystem::file_size(file, ec));
            if (ec)
                throw Error(ErrorCode::InvalidData, "CIFAR-10 batch file is missing", {file.string()});
            (train ? info.trainCount : info.testCount) += size / kRecordBytes;
        }
    }
    return info;
}

Dataset::Data readCifar10Binary(const std::filesystem::path& root)
{
    Dataset::Data data;
    data.info.name = "CIFAR-10";
    data.info.shape = {3, kSide, kSide};
    data.info.classNames = readClassNames(root / "batches.meta.txt");
    const std::size_t classCount = data.info.classNames.size();
    for (const auto& file : batchFiles(root, true))
        appendBatch(file, classCount, data.train);
    for (const auto& file : batchFiles(root, false))
        appendBatch(file, classCount, data.test);
    return data;
}

} // namespace cnnwb::engine
