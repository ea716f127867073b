#include "data/dataset_readers.h"

#include "cnnwb/engine/core/error.h"

#include <sstream>
#include <string>

namespace cnnwb::engine {
namespace {

constexpr int kSide = 32;
constexpr int kPixelsPerRecord = 3 * kSide * kSide;

// The two official binary layouts differ only in their label bytes: CIFAR-10 has one, CIFAR-100 a
// coarse (superclass) then a fine label; the workbench trains on the fine one.
struct Layout {
    const char* name;
    int labelBytes;
    int labelIndex; ///< which of the label bytes is the class
    [[nodiscard]] std::int64_t recordBytes() const { return labelBytes + kPixelsPerRecord; }
};
constexpr Layout kCifar10{"CIFAR-10", 1, 0};
constexpr Layout kCifar100{"CIFAR-100", 2, 1};

std::vector<std::string> readClassNames(
    const FileSource& files, const std::filesystem::path& metaPath, const Layout& layout)
{
    if (!files.isFile(metaPath))
        throw Error(ErrorCode::InvalidData,
            std::string("class-name file is missing (a ") + layout.name + " folder has " + metaPath.filename().string()
                + " beside the .bin files)",
            {metaPath.string()});
    // A class-name file is a few hundred bytes; a larger one is not one.
    constexpr std::size_t kMaxBytes = std::size_t{1} << 20;
    if (files.size(metaPath).value_or(0) > kMaxBytes)
        throw Error(ErrorCode::InvalidData, "class-name file is larger than 1 MiB", {metaPath.string()});
    const std::vector<std::uint8_t> bytes = readWholeFile(files, metaPath);
    std::istringstream in(std::string(bytes.begin(), bytes.end()));
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

void appendBatch(const FileSource& files, const std::filesystem::path& path, const Layout& layout,
    std::size_t classCount, SplitData& split)
{
    if (files.kind(path) == FileSource::Kind::Missing) // a folder of that name is read, and named as one
        throw Error(ErrorCode::InvalidData, std::string(layout.name) + " batch file is missing", {path.string()});
    const std::vector<std::uint8_t> bytes = readWholeFile(files, path);
    const auto size = static_cast<std::int64_t>(bytes.size());
    const std::int64_t recordBytes = layout.recordBytes();
    if (size == 0 || size % recordBytes != 0)
        throw Error(ErrorCode::InvalidData,
            "size " + std::to_string(size) + " bytes is not a whole number of " + std::to_string(recordBytes) + "-byte "
                + layout.name + " records (the file is truncated or not " + layout.name + " binary)",
            {path.string()});
    const std::int64_t records = size / recordBytes;
    split.pixels.reserve(split.pixels.size() + static_cast<std::size_t>(records * kPixelsPerRecord));
    for (std::int64_t r = 0; r < records; ++r) {
        const std::uint8_t* record = bytes.data() + r * recordBytes;
        const std::uint8_t label = record[layout.labelIndex];
        if (label >= classCount)
            throw Error(ErrorCode::InvalidData,
                "label " + std::to_string(label) + " is out of range 0.." + std::to_string(classCount - 1),
                {path.string(), r});
        split.labels.push_back(label);
        // The file's planes are already the planar C x H x W order we keep.
        split.pixels.insert(split.pixels.end(), record + layout.labelBytes, record + recordBytes);
    }
}

std::vector<std::filesystem::path> batchFiles(const std::filesystem::path& root, const Layout& layout, bool train)
{
    if (&layout == &kCifar100)
        return {root / (train ? "train.bin" : "test.bin")};
    if (!train)
        return {root / "test_batch.bin"};
    std::vector<std::filesystem::path> files;
    for (int i = 1; i <= 5; ++i)
        files.push_back(root / ("data_batch_" + std::to_string(i) + ".bin"));
    return files;
}

std::filesystem::path namesFile(const std::filesystem::path& root, const Layout& layout)
{
    return root / (&layout == &kCifar100 ? "fine_label_names.txt" : "batches.meta.txt");
}

DatasetInfo inspect(const FileSource& files, const std::filesystem::path& root, const Layout& layout)
{
    DatasetInfo info;
    info.name = layout.name;
    info.shape = {3, kSide, kSide};
    info.classNames = readClassNames(files, namesFile(root, layout), layout);
    for (const bool train : {true, false}) {
        for (const auto& file : batchFiles(root, layout, train)) {
            const std::optional<std::uint64_t> size = files.size(file);
            if (!size)
                throw Error(
                    ErrorCode::InvalidData, std::string(layout.name) + " batch file is missing", {file.string()});
            (train ? info.trainCount : info.testCount) += static_cast<std::int64_t>(*size) / layout.recordBytes();
        }
    }
    return info;
}

Dataset::Data read(const FileSource& files, const std::filesystem::path& root, const Layout& layout)
{
    Dataset::Data data;
    data.info.name = layout.name;
    data.info.shape = {3, kSide, kSide};
    data.info.classNames = readClassNames(files, namesFile(root, layout), layout);
    const std::size_t classCount = data.info.classNames.size();
    for (const auto& file : batchFiles(root, layout, true))
        appendBatch(files, file, layout, classCount, data.train);
    for (const auto& file : batchFiles(root, layout, false))
        appendBatch(files, file, layout, classCount, data.test);
    return data;
}

} // namespace

DatasetInfo inspectCifar10Binary(const FileSource& files, const std::filesystem::path& root)
{
    return inspect(files, root, kCifar10);
}

DatasetInfo inspectCifar100Binary(const FileSource& files, const std::filesystem::path& root)
{
    return inspect(files, root, kCifar100);
}

Dataset::Data readCifar10Binary(const FileSource& files, const std::filesystem::path& root)
{
    return read(files, root, kCifar10);
}

Dataset::Data readCifar100Binary(const FileSource& files, const std::filesystem::path& root)
{
    return read(files, root, kCifar100);
}

} // namespace cnnwb::engine
