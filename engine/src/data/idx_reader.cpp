#include "core/memory_budget.h"
#include "data/dataset_readers.h"
#include "data/idx_files.h"

#include "cnnwb/engine/core/error.h"

#include <algorithm>
#include <cctype>

namespace cnnwb::engine {
namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;
constexpr std::uint32_t kLabelsMagic = 0x00000801;
constexpr int kClassCount = 10;

std::uint32_t bigEndian32(const std::uint8_t* p)
{
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::string hex(std::uint32_t value)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text = "0x";
    for (int shift = 28; shift >= 0; shift -= 4)
        text += kDigits[(value >> shift) & 0xF];
    return text;
}

void requireSize(const std::filesystem::path& path, std::size_t have, std::size_t need, const char* what)
{
    if (have < need)
        throw Error(ErrorCode::InvalidData,
            std::string("file is truncated: ") + what + " needs " + std::to_string(need) + " bytes, it has "
                + std::to_string(have),
            {path.string()});
}

// An IDX file's header, once it is there and starts with `magic`. Only the header is read, so the
// sizes it declares bound everything read after it.
std::vector<std::uint8_t> readIdxHeader(const FileSource& files, const std::filesystem::path& file,
    std::size_t headerBytes, std::uint32_t magic, const std::string& kind)
{
    std::vector<std::uint8_t> head = readFileHead(files, file, headerBytes);
    requireSize(file, head.size(), headerBytes, ("the IDX " + kind + " header").c_str());
    if (const std::uint32_t found = bigEndian32(head.data()); found != magic)
        throw Error(ErrorCode::InvalidData,
            "bad magic number " + hex(found) + " (an IDX " + kind + " file starts with " + hex(magic) + ")",
            {file.string()});
    return head;
}

// A whole IDX file of exactly `size` bytes (what its header declares).
std::vector<std::uint8_t> readIdxBody(
    const FileSource& files, const std::filesystem::path& file, std::size_t size, const std::string& what)
{
    std::vector<std::uint8_t> bytes = readWholeFile(files, file, size);
    requireSize(file, bytes.size(), size, what.c_str());
    return bytes;
}

ImageShape imageShapeOf(const std::vector<std::uint8_t>& head, const std::filesystem::path& file)
{
    const std::uint32_t rows = bigEndian32(head.data() + 8);
    const std::uint32_t cols = bigEndian32(head.data() + 12);
    if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
        throw Error(ErrorCode::InvalidData,
            "implausible image size " + std::to_string(rows) + "x" + std::to_string(cols) + " (at most 4096x4096)",
            {file.string()});
    return {1, static_cast<int>(rows), static_cast<int>(cols)};
}

void readSplit(const FileSource& source, const IdxFiles::Pair& files, SplitData& split, ImageShape& shape)
{
    const std::vector<std::uint8_t> imageHead = readIdxHeader(source, files.images, 16, kImagesMagic, "image");
    const std::uint32_t count = bigEndian32(imageHead.data() + 4);
    const ImageShape fileShape = imageShapeOf(imageHead, files.images);
    if (shape.elementCount() != 0 && !(shape == fileShape))
        throw Error(ErrorCode::InvalidData, "image size differs from the training images",
            {files.images.string(), std::nullopt, std::nullopt, fileShape.toString() + " vs " + shape.toString()});
    shape = fileShape;
    const std::size_t pixelBytes = std::size_t{count} * static_cast<std::size_t>(fileShape.elementCount());
    checkMemoryBudget(static_cast<std::int64_t>(pixelBytes), "the " + std::to_string(count) + " images it declares",
        ErrorCode::InvalidData, {files.images.string()});
    const std::vector<std::uint8_t> labelHead = readIdxHeader(source, files.labels, 8, kLabelsMagic, "label");
    const std::uint32_t labelCount = bigEndian32(labelHead.data() + 4);
    if (labelCount != count)
        throw Error(ErrorCode::InvalidData,
            std::to_string(labelCount) + " labels for " + std::to_string(count) + " images in "
                + files.images.filename().string(),
            {files.labels.string()});

    const std::vector<std::uint8_t> images
        = readIdxBody(source, files.images, 16 + pixelBytes, std::to_string(count) + " images");
    const std::vector<std::uint8_t> labels
        = readIdxBody(source, files.labels, 8 + std::size_t{count}, std::to_string(count) + " labels");
    split.pixels.assign(images.begin() + 16, images.begin() + 16 + static_cast<std::ptrdiff_t>(pixelBytes));
    split.labels.resize(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint8_t label = labels[8 + i];
        if (label >= kClassCount)
            throw Error(ErrorCode::InvalidData,
                "label " + std::to_string(label) + " is out of range 0.." + std::to_string(kClassCount - 1),
                {files.labels.string(), static_cast<std::int64_t>(i)});
        split.labels[i] = label;
    }
}

bool looksLikeFashion(const std::filesystem::path& root)
{
    std::string text = std::filesystem::absolute(root).lexically_normal().string();
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text.find("fashion") != std::string::npos;
}

std::vector<std::string> classNamesFor(const std::filesystem::path& root, std::string& datasetName)
{
    // IDX files carry no class names; the folder says which of the two IDX datasets this is.
    if (looksLikeFashion(root)) {
        datasetName = "Fashion-MNIST";
        return {
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
    }
    datasetName = "MNIST";
    std::vector<std::string> names;
    for (int i = 0; i < kClassCount; ++i)
        names.push_back(std::to_string(i));
    return names;
}

IdxFiles requireFiles(const FileSource& source, const std::filesystem::path& root)
{
    const std::optional<IdxFiles> files = findIdxFiles(source, root);
    if (!files)
        throw Error(ErrorCode::InvalidData,
            "no IDX files found (expected train-images-idx3-ubyte[.gz] and its three companions)", {root.string()});
    if (!files->test)
        throw Error(ErrorCode::InvalidData,
            "test split missing: t10k-images-idx3-ubyte[.gz] / t10k-labels-idx1-ubyte[.gz]", {root.string()});
    return *files;
}

} // namespace

DatasetInfo inspectIdx(const FileSource& source, const std::filesystem::path& root)
{
    const IdxFiles files = requireFiles(source, root);
    DatasetInfo info;
    info.classNames = classNamesFor(root, info.name);
    for (const bool train : {true, false}) {
        const auto& path = train ? files.train.images : files.test->images;
        const std::vector<std::uint8_t> head = readIdxHeader(source, path, 16, kImagesMagic, "image");
        (train ? info.trainCount : info.testCount) = bigEndian32(head.data() + 4);
        info.shape = imageShapeOf(head, path);
    }
    return info;
}

Dataset::Data readIdx(const FileSource& source, const std::filesystem::path& root)
{
    const IdxFiles files = requireFiles(source, root);
    Dataset::Data data;
    readSplit(source, files.train, data.train, data.info.shape);
    readSplit(source, *files.test, data.test, data.info.shape);
    data.info.classNames = classNamesFor(root, data.info.name);
    return data;
}

} // namespace cnnwb::engine
