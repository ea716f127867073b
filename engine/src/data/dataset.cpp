#include "cnnwb/engine/data/dataset.h"

#include "data/dataset_data.h"
#include "data/dataset_readers.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"

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
            "(train-images-idx3-ubyte[.gz] ...) or an ImageFolder tree (train/<class>/*.jpg, test/<class>/...)",
            {folder.string()});
    return *detected;
}

// What each on-disk format reads with (data/dataset_readers.h).
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
        return {inspectIdx, readIdx};
    case DatasetFormat::ImageFolder:
        break;
    }
    return {inspectImageFolder, readImageFolder};
}

DatasetInfo inspectFrom(const FileSource& files, const std::filesystem::path& folder)
{
    const DetectedDataset detected = detect(files, folder);
    DatasetInfo info = readerOf(detected.format).inspect(files, detected.root);
    info.root = detected.root;
    info.format = detected.format;
    return info;
}

Dataset::Data loadFrom(const FileSource& files, const std::filesystem::path& folder)
{
    const DetectedDataset detected = detect(files, folder);

    const auto start = std::chrono::steady_clock::now();
    Dataset::Data data = readerOf(detected.format).read(files, detected.root);
    data.info.root = detected.root;
    data.info.format = detected.format;
    data.info.trainCount = data.train.size();
    data.info.testCount = data.test.size();
    if (data.info.trainCount == 0 || data.info.testCount == 0)
        throw Error(ErrorCode::InvalidData, "dataset has an empty train or test split", {detected.root.string()});

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    logInfo({"loaded %1 (%2) from %3: %4 train + %5 test images of %6, %7 classes, in %8 s",
        {data.info.name, std::string(datasetFormatName(data.info.format)), data.info.root.string(),
            std::to_string(data.info.trainCount), std::to_string(data.info.testCount), data.info.shape.toString(),
            std::to_string(data.info.classNames.size()), fixedText(seconds, 1)}});
    return data;
}

} // namespace

DatasetInfo Dataset::inspect(const std::filesystem::path& folder)
{
    return inspectFrom(diskFiles(), folder);
}

DatasetInfo Dataset::inspect(const InMemoryFolder& folder)
{
    const MemoryFiles files(folder);
    return inspectFrom(files, files.root());
}

Dataset Dataset::load(const std::filesystem::path& folder)
{
    return Dataset(std::make_shared<const Data>(loadFrom(diskFiles(), folder)));
}

Dataset Dataset::load(const InMemoryFolder& folder)
{
    const MemoryFiles files(folder);
    return Dataset(std::make_shared<const Data>(loadFrom(files, files.root())));
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

std::span<const std::int64_t> Dataset::labels(Split split) const noexcept
{
    return split == Split::Train ? m_data->train.labels : m_data->test.labels;
}

} // namespace cnnwb::engine
