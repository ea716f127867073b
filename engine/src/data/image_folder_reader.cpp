#include "data/dataset_readers.h"
#include "data/image_cache.h"
#include "data/image_decode.h"

#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/core/number_text.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

using Sample = LabelledFile;

bool isHidden(const std::string& name)
{
    return !name.empty() && name.front() == '.';
}

// torchvision's IMG_EXTENSIONS, matched case-insensitively as torchvision does; the extension as
// std::filesystem::path::extension() takes it (after the last dot, none for a leading one).
bool hasImageExtension(std::string_view name)
{
    static const std::set<std::string, std::less<>> kExtensions
        = {".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"};
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || name.size() - dot > 5)
        return false;
    std::array<char, 5> lower{};
    std::transform(name.begin() + static_cast<std::ptrdiff_t>(dot), name.end(), lower.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return kExtensions.contains(std::string_view(lower.data(), name.size() - dot));
}

std::vector<std::string> classFolders(const FileSource& source, const fs::path& splitDir)
{
    std::vector<std::string> names;
    for (const FileSource::Entry& entry : source.list(splitDir))
        if (entry.kind == FileSource::Kind::Folder && !isHidden(entry.name))
            names.push_back(entry.name);
    std::sort(names.begin(), names.end()); // torchvision: class index = position in sorted order
    return names;
}

// Sorts `files`, all below `dir`, in the order of std::filesystem::path's operator< (component by
// component), at plain string speed: that operator made sorting 60,000 paths a good part of opening
// a cached dataset. Only the part below `dir` is compared, with the separator ranked below every
// other byte, which is what comparing component by component amounts to.
void sortLikePaths(const fs::path& dir, std::vector<fs::path>& files)
{
    const std::string& prefix = dir.native();
    std::vector<std::pair<std::string, std::size_t>> keys;
    keys.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string& text = files[i].native();
        std::string key = text.starts_with(prefix) ? text.substr(prefix.size()) : text;
        std::replace(key.begin(), key.end(), '/', '\0');
        keys.emplace_back(std::move(key), i);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<fs::path> sorted;
    sorted.reserve(files.size());
    for (const auto& key : keys)
        sorted.push_back(std::move(files[key.second]));
    files = std::move(sorted);
}

// The image files below `dir`, following symbolic links to folders but entering each folder once: a
// link back to a folder above (a loop) would otherwise be walked until the path grew too long.
std::vector<fs::path> imageFilesBelow(const FileSource& source, const fs::path& dir)
{
    std::set<std::string> entered{source.folderKey(dir)};
    std::vector<fs::path> folders{dir};
    std::vector<fs::path> files;
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        for (const FileSource::Entry& entry : source.list(folder)) {
            // A path is built only for what is kept: paths cost allocations, and most of a
            // fuzzer's (or a messy folder's) entries are not images.
            if (entry.kind == FileSource::Kind::Folder) {
                fs::path path = folder / entry.name;
                if (entered.insert(source.folderKey(path)).second)
                    folders.push_back(std::move(path));
            } else if (entry.kind == FileSource::Kind::File && !isHidden(entry.name) && hasImageExtension(entry.name)) {
                files.push_back(folder / entry.name);
            }
        }
    }
    return files;
}

std::vector<Sample> listSamples(const FileSource& source, const fs::path& splitDir,
    const std::vector<std::string>& classes, const std::map<std::string, std::int64_t>& labelOf)
{
    std::vector<Sample> samples;
    for (const std::string& name : classes) {
        const fs::path classDir = splitDir / name;
        const auto label = labelOf.find(name);
        if (label == labelOf.end())
            throw Error(
                ErrorCode::InvalidData, "class folder \"" + name + "\" does not exist in train/", {classDir.string()});
        std::vector<fs::path> files = imageFilesBelow(source, classDir);
        if (files.empty())
            throw Error(
                ErrorCode::InvalidData, "class folder is empty (no .jpg/.png/... images in it)", {classDir.string()});
        sortLikePaths(classDir, files);
        for (auto& file : files)
            samples.push_back({std::move(file), label->second});
    }
    return samples;
}

// Decodes every sample into planar C x H x W bytes. Samples of another size are resized to `shape`
// so that one odd photo does not stop a student's run; the count is logged.
void decodeAll(const FileSource& source, const std::vector<Sample>& samples, const ImageShape& shape, SplitData& split)
{
    const auto perImage = static_cast<std::size_t>(shape.elementCount());
    split.pixels.assign(samples.size() * perImage, 0);
    split.labels.resize(samples.size());

    std::atomic<std::size_t> next{0};
    std::atomic<std::int64_t> resized{0};
    std::mutex failureMutex;
    std::optional<std::pair<std::size_t, Error>> failure; // lowest failing index wins: deterministic message

    auto work = [&] {
        for (std::size_t i = next++; i < samples.size(); i = next++) {
            try {
                const std::vector<std::uint8_t> bytes = readWholeFile(source, samples[i].file);
                if (decodePlanar(bytes, samples[i].file.string(), shape, split.pixels.data() + i * perImage))
                    ++resized;
                split.labels[i] = samples[i].label;
            } catch (const Error& e) {
                const std::lock_guard lock(failureMutex);
                if (!failure || i < failure->first)
                    failure.emplace(i, e);
            }
        }
    };
    // A thread per core pays for itself on thousands of images; on a handful, starting it costs more
    // than decoding them (one thread per 256 images, up to the cores, at most 16).
    const auto wanted = static_cast<unsigned>(samples.size() / 256 + 1);
    const unsigned workers = std::max(1U, std::min({std::thread::hardware_concurrency(), 16U, wanted}));
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < workers; ++t)
        threads.emplace_back(work);
    work();
    for (auto& thread : threads)
        thread.join();
    if (failure)
        throw failure->second;
    if (resized > 0)
        logWarning({"%1 images were not %2x%3 and were resized to it",
            {std::to_string(resized.load()), std::to_string(shape.width), std::to_string(shape.height)}});
}

} // namespace

namespace {

// A test/ without one of train/'s classes would report that class as never seen, silently.
void requireEveryClass(
    const std::vector<std::string>& trainClasses, const std::vector<std::string>& testClasses, const fs::path& testDir)
{
    std::vector<std::string> missing;
    std::set_difference(
        trainClasses.begin(), trainClasses.end(), testClasses.begin(), testClasses.end(), std::back_inserter(missing));
    if (missing.empty())
        return;
    throw Error(ErrorCode::InvalidData,
        "test/ has no folder for class \"" + missing.front() + "\""
            + (missing.size() > 1 ? " (and " + std::to_string(missing.size() - 1) + " more)" : std::string())
            + "; every class of train/ needs test images",
        {testDir.string()});
}

// Everything but the pixels: classes, file lists and the shape the first training image fixes.
struct Listing {
    DatasetInfo info;
    std::vector<Sample> train;
    std::vector<Sample> test;
};

Listing list(const FileSource& source, const fs::path& root)
{
    const fs::path trainDir = root / "train";
    const fs::path testDir = root / "test";
    if (!source.isFolder(trainDir))
        throw Error(
            ErrorCode::InvalidData, "ImageFolder needs a train/ folder with one sub-folder per class", {root.string()});
    if (!source.isFolder(testDir))
        throw Error(ErrorCode::InvalidData, "ImageFolder needs a test/ folder beside train/ (same class folders)",
            {root.string()});

    Listing listing;
    DatasetInfo& info = listing.info;
    info.name = root.filename().string();
    info.classNames = classFolders(source, trainDir);
    if (info.classNames.empty())
        throw Error(ErrorCode::InvalidData, "train/ holds no class folders", {trainDir.string()});
    std::map<std::string, std::int64_t> labelOf;
    for (std::size_t i = 0; i < info.classNames.size(); ++i)
        labelOf[info.classNames[i]] = static_cast<std::int64_t>(i);

    listing.train = listSamples(source, trainDir, info.classNames, labelOf);
    const std::vector<std::string> testClasses = classFolders(source, testDir);
    requireEveryClass(info.classNames, testClasses, testDir);
    listing.test = listSamples(source, testDir, testClasses, labelOf);
    info.trainCount = static_cast<std::int64_t>(listing.train.size());
    info.testCount = static_cast<std::int64_t>(listing.test.size());

    // Grayscale only if the first training image is single-channel.
    const fs::path& first = listing.train.front().file;
    info.shape = probeImage(readWholeFile(source, first), first.string());
    return listing;
}

} // namespace

DatasetInfo inspectImageFolder(const FileSource& source, const fs::path& root)
{
    return list(source, root).info;
}

Dataset::Data readImageFolder(const FileSource& source, const fs::path& root)
{
    Listing listing = list(source, root);
    Dataset::Data data;
    data.info = std::move(listing.info);
    // Decoding 60,000 JPEGs takes many seconds; reading the same pixels back from the cache takes
    // a fraction of one. The cache is keyed on the listing, so any change to the files re-decodes.
    std::optional<ImageCache> cache;
    if (source.onDisk()) {
        cache.emplace(root, data.info, listing.train, listing.test);
        if (cache->read(data))
            return data;
    }
    const auto start = std::chrono::steady_clock::now();
    decodeAll(source, listing.train, data.info.shape, data.train);
    decodeAll(source, listing.test, data.info.shape, data.test);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    logInfo({"decoded %1 images of %2 in %3 s",
        {std::to_string(listing.train.size() + listing.test.size()), root.string(), fixedText(seconds, 1)}});
    if (cache)
        cache->write(data);
    return data;
}

} // namespace cnnwb::engine
