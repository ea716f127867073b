#include "data/dataset_readers.h"
#include "data/image_cache.h"
#include "data/image_codecs.h"
#include "data/image_decode.h"
#include "data/image_folder_listing.h"
#include "data/parallel_for.h"

#include "core/library_errors.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

struct Failure {
    std::size_t index;
    Error error;
};

// Runs work(i) for every sample on every core. A sample whose work throws is a failure: an engine
// Error as it is, anything else (OpenCV on a malformed image, say) converted, naming the file.
// Lowest index first, so the message of a strict load does not depend on the threads.
std::vector<Failure> failuresOf(const std::vector<LabelledFile>& samples, const std::function<void(std::size_t)>& work)
{
    std::mutex failureMutex;
    std::vector<Failure> failures;
    parallelFor(samples.size(), [&](std::size_t i) {
        try {
            work(i);
        } catch (...) {
            Error error = toEngineError(
                std::current_exception(), {.doing = "decoding the image", .context = {samples[i].file.string()}});
            const std::lock_guard lock(failureMutex);
            failures.push_back({i, std::move(error)});
        }
    });
    std::sort(failures.begin(), failures.end(), [](const Failure& a, const Failure& b) { return a.index < b.index; });
    return failures;
}

// Decodes every sample into planar C x H x W bytes of `shape`, brought to its size by the policy.
std::vector<Failure> decodeInto(const FileSource& source, const std::vector<LabelledFile>& samples,
    const ImageShape& shape, ResizePolicy policy, SplitData& split, std::int64_t& resized)
{
    const auto perImage = static_cast<std::size_t>(shape.elementCount());
    split.pixels.assign(samples.size() * perImage, 0);
    split.labels.resize(samples.size());
    std::atomic<std::int64_t> resizedCount{0};
    std::vector<Failure> failures = failuresOf(samples, [&](std::size_t i) {
        const std::vector<std::uint8_t> bytes = readWholeFile(source, samples[i].file);
        if (decodePlanar(bytes, samples[i].file.string(), shape, policy, split.pixels.data() + i * perImage))
            ++resizedCount;
        split.labels[i] = samples[i].label;
    });
    resized += resizedCount.load();
    return failures;
}

// Drops the failed samples from a decoded split, keeping the others in order.
void dropFailed(SplitData& split, const std::vector<Failure>& failures, std::size_t perImage)
{
    std::vector<char> failed(split.labels.size(), 0);
    for (const Failure& f : failures)
        failed[f.index] = 1;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < split.labels.size(); ++i) {
        if (failed[i] != 0)
            continue;
        if (kept != i) {
            std::copy_n(split.pixels.begin() + static_cast<std::ptrdiff_t>(i * perImage), perImage,
                split.pixels.begin() + static_cast<std::ptrdiff_t>(kept * perImage));
            split.labels[kept] = split.labels[i];
        }
        ++kept;
    }
    split.labels.resize(kept);
    split.pixels.resize(kept * perImage);
}

std::string relativeName(const fs::path& file, const fs::path& root)
{
    const fs::path relative = file.lexically_relative(root);
    return relative.empty() ? file.string() : relative.string();
}

// An image that cannot be decoded is left out and listed (DataOptions::skipUnreadable), or stops
// loading with its error.
void decodeSplit(const FileSource& source, const fs::path& root, const std::vector<LabelledFile>& samples,
    Dataset::Data& data, SplitData& split, std::int64_t& resized)
{
    const DataOptions& options = data.info.options;
    const std::vector<Failure> failures = decodeInto(source, samples, data.info.shape, options.resize, split, resized);
    if (failures.empty())
        return;
    if (!options.skipUnreadable)
        throw failures.front().error;
    for (const Failure& f : failures)
        data.info.skipped.push_back({relativeName(samples[f.index].file, root), f.error.message()});
    dropFailed(split, failures, static_cast<std::size_t>(data.info.shape.elementCount()));
}

void reportSkipped(const DatasetInfo& info)
{
    if (info.skipped.empty())
        return;
    std::string names;
    for (std::size_t i = 0; i < std::min<std::size_t>(info.skipped.size(), 5); ++i)
        names += (i == 0 ? "" : ", ") + info.skipped[i].path;
    if (info.skipped.size() > 5)
        names += ", …";
    logWarning({"left out %1 image(s) that cannot be decoded: %2 (first: %3)",
        {std::to_string(info.skipped.size()), names, info.skipped.front().reason}});
}

// The held-out counts are those of the test images kept.
void countHeldOut(DatasetInfo& info, const SplitData& test)
{
    if (info.layout == FolderLayout::TrainTest)
        return;
    info.heldOutPerClass.assign(info.classNames.size(), 0);
    for (const std::int64_t label : test.labels)
        ++info.heldOutPerClass[static_cast<std::size_t>(label)];
}

// A class whose every image was left out cannot be trained or tested on.
void requireEveryClassKept(const Dataset::Data& data, const fs::path& root)
{
    std::vector<std::int64_t> counts(data.info.classNames.size(), 0);
    for (const std::int64_t label : data.train.labels)
        ++counts[static_cast<std::size_t>(label)];
    for (std::size_t c = 0; c < counts.size(); ++c)
        if (counts[c] == 0)
            throw Error(ErrorCode::InvalidData,
                "no image of class \"" + data.info.classNames[c] + "\" can be decoded for training", {root.string()});
}

void decodeAll(const FileSource& source, const fs::path& root, const ImageFolderListing& listing, Dataset::Data& data)
{
    const auto start = std::chrono::steady_clock::now();
    std::int64_t resized = 0;
    decodeSplit(source, root, listing.train, data, data.train, resized);
    decodeSplit(source, root, listing.test, data, data.test, resized);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    logInfo({"decoded %1 images of %2 in %3 s",
        {std::to_string(listing.train.size() + listing.test.size()), root.string(), fixedText(seconds, 1)}});
    if (resized > 0)
        logInfo({"%1 images were brought to %2 by %3",
            {std::to_string(resized), ImageSize{data.info.shape.width, data.info.shape.height}.toString(),
                std::string(resizePolicyName(data.info.options.resize))}});
    reportSkipped(data.info);
    countHeldOut(data.info, data.test);
    requireEveryClassKept(data, root);
}

// Streamed files are checked as far as their headers go (empty, not an image, too large), so that
// what loading in memory would leave out is left out here too; damage past the header shows when a
// batch decodes the file. Large files of formats other than JPEG and PNG are not checked: they
// must be decoded to be read.
std::vector<Failure> checkHeaders(const FileSource& source, const std::vector<LabelledFile>& samples)
{
    return failuresOf(samples, [&](std::size_t i) {
        constexpr std::size_t kHead = std::size_t{256} << 10;
        const std::vector<std::uint8_t> head = readFileHead(source, samples[i].file, kHead);
        const std::string name = samples[i].file.string();
        if (head.empty())
            throw Error(ErrorCode::InvalidData, "cannot decode image: the file is empty", {name});
        // A small file is read whole, so any format's probe can see all of it.
        if (isJpeg(head) || isPng(head) || head.size() < kHead)
            (void)probeImage(head, name);
    });
}

// Streamed: the files stay where they are and a batch decodes its own (train/batch_stream.h).
void keepFiles(const FileSource& source, const fs::path& root, const ImageFolderListing& listing, Dataset::Data& data)
{
    for (const auto& [samples, split] :
        {std::pair{&listing.train, &data.train}, std::pair{&listing.test, &data.test}}) {
        const std::vector<Failure> failures = checkHeaders(source, *samples);
        if (!failures.empty() && !data.info.options.skipUnreadable)
            throw failures.front().error;
        std::vector<char> failed(samples->size(), 0);
        for (const Failure& f : failures) {
            failed[f.index] = 1;
            data.info.skipped.push_back({relativeName((*samples)[f.index].file, root), f.error.message()});
        }
        split->files.reserve(samples->size());
        for (std::size_t i = 0; i < samples->size(); ++i) {
            if (failed[i] != 0)
                continue;
            split->files.push_back((*samples)[i].file);
            split->labels.push_back((*samples)[i].label);
        }
    }
    data.info.streamed = true;
    reportSkipped(data.info);
    countHeldOut(data.info, data.test);
    requireEveryClassKept(data, root);
}

} // namespace

DatasetInfo inspectImageFolder(const FileSource& source, const fs::path& root, const DataOptions& options)
{
    return listImageFolder(source, root, options).info;
}

Dataset::Data readImageFolder(const FileSource& source, const fs::path& root, const DataOptions& options)
{
    const ImageFolderListing listing = listImageFolder(source, root, options);
    Dataset::Data data;
    data.info = listing.info;
    if (source.onDisk() && streams(data.info)) {
        keepFiles(source, root, listing, data);
        return data;
    }
    // Decoding 60,000 JPEGs takes many seconds; reading the same pixels back from the cache takes
    // a fraction of one. The cache is keyed on the listing, so any change to the files re-decodes.
    std::optional<ImageCache> cache;
    if (source.onDisk()) {
        cache.emplace(root, data.info, listing.train, listing.test);
        if (cache->read(data))
            return data;
    }
    decodeAll(source, root, listing, data);
    // A cache holds every listed image: one that left some out would not match the listing.
    if (cache && data.info.skipped.empty())
        cache->write(data);
    return data;
}

} // namespace cnnwb::engine
