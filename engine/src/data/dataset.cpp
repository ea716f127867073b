#include "cnnwb/engine/data/dataset.h"

#include "data/dataset_data.h"
#include "data/dataset_readers.h"
#include "data/image_decode.h"

#include "core/memory_budget.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"

#include <algorithm>
#include <chrono>

namespace cnnwb::engine {

Dataset::Dataset(std::shared_ptr<const Data> data)
    : m_data(std::move(data))
{
}

namespace {

DetectedDataset detect(const FileSource& files, const std::filesystem::path& folder)
{
    if (files.kind(folder) == FileSource::Kind::Missing)
        throw Error(ErrorCode::Io, "data folder does not exist", {folder.string()});
    const std::optional<DetectedDataset> detected = detectDatasetFormat(files, folder);
    if (!detected)
        throw Error(ErrorCode::InvalidData,
            "no dataset recognised: expected CIFAR-10 binary batches (data_batch_1.bin ...), MNIST-style IDX files "
            "(train-images-idx3-ubyte[.gz] ...) or a folder of images with one sub-folder per class (<class>/*.jpg, "
            "or train/<class>/... and test/<class>/...)",
            {folder.string()});
    return *detected;
}

// What each on-disk format reads with (data/dataset_readers.h). CIFAR and IDX are read as they
// are stored and conformed to the options afterwards; ImageFolder decodes straight to them.
struct FormatReader {
    DatasetInfo (*inspect)(const FileSource&, const std::filesystem::path&);
    Dataset::Data (*read)(const FileSource&, const std::filesystem::path&);
};

FormatReader readerOf(DatasetFormat format)
{
    switch (format) {
    case DatasetFormat::Cifar10Binary:
        return {inspectCifar10Binary, readCifar10Binary};
    case DatasetFormat::Cifar100Binary:
        return {inspectCifar100Binary, readCifar100Binary};
    case DatasetFormat::Idx:
    case DatasetFormat::ImageFolder:
        break;
    }
    return {inspectIdx, readIdx};
}

void setChoice(DatasetInfo& info, const DataOptions& options)
{
    info.options = options;
    info.smallestImage = {info.shape.width, info.shape.height};
    info.largestImage = info.smallestImage;
    info.sizeChoice = options.inputSize.empty() ? SizeChoice::Native : SizeChoice::Chosen;
}

DatasetInfo inspectFrom(const FileSource& files, const std::filesystem::path& folder, const DataOptions& options)
{
    const DetectedDataset detected = detect(files, folder);
    DatasetInfo info;
    if (detected.format == DatasetFormat::ImageFolder) {
        info = inspectImageFolder(files, detected.root, options);
    } else {
        info = readerOf(detected.format).inspect(files, detected.root);
        setChoice(info, options);
        info.shape = conformedShape(info.shape, options);
    }
    info.root = detected.root;
    info.format = detected.format;
    info.streamed = detected.format == DatasetFormat::ImageFolder && files.onDisk() && streams(info);
    return info;
}

Dataset::Data read(const FileSource& files, const DetectedDataset& detected, const DataOptions& options)
{
    if (detected.format == DatasetFormat::ImageFolder)
        return readImageFolder(files, detected.root, options);
    Dataset::Data data = readerOf(detected.format).read(files, detected.root);
    setChoice(data.info, options);
    conformImages(data, conformedShape(data.info.shape, options));
    return data;
}

void logLoaded(const DatasetInfo& info, double seconds)
{
    logInfo({"loaded %1 (%2) from %3: %4 train + %5 test images of %6, %7 classes, in %8 s",
        {info.name, std::string(datasetFormatName(info.format)), info.root.string(), std::to_string(info.trainCount),
            std::to_string(info.testCount), info.shape.toString(), std::to_string(info.classNames.size()),
            fixedText(seconds, 1)}});
    if (info.streamed)
        logInfo({"streaming the images from their files, batch by batch: decoded they would take %1, %2",
            {describeBytes(static_cast<std::int64_t>(info.decodedBytes())),
                info.options.loader == LoaderKind::Stream
                    ? Phrase{"as the experiment asks (data.loader \"stream\")"}
                    : Phrase{"more than the memory budget of %1 (data.memory_budget_mb)",
                        {describeBytes(static_cast<std::int64_t>(memoryBudgetOf(info.options)))}}}});
}

Dataset::Data loadFrom(const FileSource& files, const std::filesystem::path& folder, const DataOptions& options)
{
    const DetectedDataset detected = detect(files, folder);

    const auto start = std::chrono::steady_clock::now();
    Dataset::Data data = read(files, detected, options);
    data.info.root = detected.root;
    data.info.format = detected.format;
    data.info.trainCount = data.train.size();
    data.info.testCount = data.test.size();
    if (data.info.trainCount == 0 || data.info.testCount == 0)
        throw Error(ErrorCode::InvalidData, "dataset has an empty train or test split", {detected.root.string()});
    logLoaded(data.info, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return data;
}

} // namespace

DatasetInfo Dataset::inspect(const std::filesystem::path& folder, const DataOptions& options)
{
    return inspectFrom(diskFiles(), folder, options);
}

DatasetInfo Dataset::inspect(const InMemoryFolder& folder, const DataOptions& options)
{
    const MemoryFiles files(folder);
    return inspectFrom(files, files.root(), options);
}

Dataset Dataset::load(const std::filesystem::path& folder, const DataOptions& options)
{
    return Dataset(std::make_shared<const Data>(loadFrom(diskFiles(), folder, options)));
}

Dataset Dataset::load(const InMemoryFolder& folder, const DataOptions& options)
{
    const MemoryFiles files(folder);
    return Dataset(std::make_shared<const Data>(loadFrom(files, files.root(), options)));
}

const Dataset::Data& Dataset::data() const noexcept
{
    return *m_data;
}

const DatasetInfo& Dataset::info() const noexcept
{
    return m_data->info;
}

std::int64_t Dataset::size(Split split) const noexcept
{
    return split == Split::Train ? m_data->train.size() : m_data->test.size();
}

std::span<const std::uint8_t> Dataset::pixels(Split split) const noexcept
{
    return split == Split::Train ? m_data->train.pixels : m_data->test.pixels;
}

void Dataset::readImage(Split split, std::int64_t index, std::uint8_t* out) const
{
    const SplitData& data = split == Split::Train ? m_data->train : m_data->test;
    const ImageShape& shape = m_data->info.shape;
    if (data.files.empty()) {
        const auto size = static_cast<std::size_t>(shape.elementCount());
        std::copy_n(data.pixels.data() + static_cast<std::size_t>(index) * size, size, out);
        return;
    }
    (void)decodePlanar(data.files.at(static_cast<std::size_t>(index)), shape, m_data->info.options.resize, out);
}

std::vector<std::uint8_t> Dataset::image(Split split, std::int64_t index) const
{
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(m_data->info.shape.elementCount()));
    readImage(split, index, pixels.data());
    return pixels;
}

std::span<const std::int64_t> Dataset::labels(Split split) const noexcept
{
    return split == Split::Train ? m_data->train.labels : m_data->test.labels;
}

bool streams(const DatasetInfo& info) noexcept
{
    switch (info.options.loader) {
    case LoaderKind::Memory:
        return false;
    case LoaderKind::Stream:
        return true;
    case LoaderKind::Auto:
        break;
    }
    return info.decodedBytes() > memoryBudgetOf(info.options);
}

} // namespace cnnwb::engine
